package io.clientele.jobs.extract;

import io.clientele.schemas.SourceContract;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The header row of a source file, checked against the contract: every required column
 * present, no column the contract does not know, none twice. Columns may come in any order
 * and optional ones may be left out.
 */
public final class SourceHeader {

    private final Map<String, Integer> positions;
    private final int size;

    private SourceHeader(Map<String, Integer> positions, int size) {
        this.positions = positions;
        this.size = size;
    }

    /** @throws ExtractFileException naming the file and what is wrong with its header */
    public static SourceHeader check(String file, String[] names, SourceContract contract) {
        Map<String, Integer> positions = new HashMap<>();
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            String name = names[i] == null ? "" : names[i].strip().toLowerCase(Locale.ROOT);
            if (i == 0 && name.startsWith("\uFEFF")) {
                name = name.substring(1);
            }
            if (contract.column(name).isEmpty()) {
                unknown.add(names[i]);
            } else if (positions.put(name, i) != null) {
                throw new ExtractFileException(file, "column '" + name + "' appears twice in the header");
            }
        }
        if (!unknown.isEmpty()) {
            throw new ExtractFileException(
                    file,
                    "unknown column(s) " + unknown + " in the header; the " + contract.source() + " contract has "
                            + contract.columnNames());
        }
        List<String> missing = contract.requiredColumnNames().stream()
                .filter(c -> !positions.containsKey(c))
                .toList();
        if (!missing.isEmpty()) {
            throw new ExtractFileException(file, "missing required column(s) " + missing + " in the header");
        }
        return new SourceHeader(positions, names.length);
    }

    /** The column's position in the file, or −1 when the file leaves it out. */
    public int position(String column) {
        Integer position = positions.get(column);
        return position == null ? -1 : position;
    }

    public int size() {
        return size;
    }
}

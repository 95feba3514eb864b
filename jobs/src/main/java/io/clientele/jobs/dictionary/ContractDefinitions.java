package io.clientele.jobs.dictionary;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The numbered definitions of docs/contract.md ({@code ### 4.5 Churn months} and the like), as
 * text, and the sections a manifest's text cites ({@code §4.5}). The jar carries the contract as
 * {@value #RESOURCE}, so the dictionary quotes the definitions the build was made with.
 */
public final class ContractDefinitions {

    static final String RESOURCE = "clientele/docs/contract.md";

    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(\\d+(?:\\.\\d+)+)\\s+(.*)$");
    private static final Pattern CITATION = Pattern.compile("§\\s?(\\d+(?:\\.\\d+)*)");

    /** One numbered section: its number ({@code 4.5}), its title and its text without the heading. */
    public record Definition(String number, String title, String text) {}

    private final Map<String, Definition> sections;

    private ContractDefinitions(Map<String, Definition> sections) {
        this.sections = sections;
    }

    /** The contract the jar carries. */
    public static ContractDefinitions load() {
        try (InputStream in = ContractDefinitions.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path (a build without it)");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The numbered subsections ({@code ### n.m Title}) of a contract's Markdown, each up to the next heading. */
    public static ContractDefinitions parse(String markdown) {
        Map<String, Definition> sections = new LinkedHashMap<>();
        String number = null;
        String title = null;
        List<String> lines = new ArrayList<>();
        boolean fenced = false;
        for (String line : (markdown + "\n# end").lines().toList()) {
            if (line.startsWith("```")) {
                fenced = !fenced;
            }
            if (fenced || !line.startsWith("#")) {
                lines.add(line);
                continue;
            }
            if (number != null) {
                sections.put(
                        number,
                        new Definition(number, title, String.join("\n", lines).strip()));
            }
            Matcher m = HEADING.matcher(line);
            number = m.matches() ? m.group(2) : null;
            title = m.matches() ? m.group(3).strip() : null;
            lines.clear();
        }
        return new ContractDefinitions(sections);
    }

    public Optional<Definition> find(String number) {
        return Optional.ofNullable(sections.get(number));
    }

    /** The sections a text cites as {@code §n.m}, in order of first mention. */
    public static List<String> citedIn(String text) {
        LinkedHashSet<String> numbers = new LinkedHashSet<>();
        Matcher m = CITATION.matcher(text);
        while (m.find()) {
            numbers.add(m.group(1));
        }
        return List.copyOf(numbers);
    }
}

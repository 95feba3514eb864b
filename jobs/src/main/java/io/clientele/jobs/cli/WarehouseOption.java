package io.clientele.jobs.cli;

import io.clientele.warehouse.layout.WarehouseLayout;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --warehouse DIR}, shared by every command (docs/contract.md §2: default warehouse/data). */
public final class WarehouseOption {

    @Option(
            names = "--warehouse",
            paramLabel = "DIR",
            defaultValue = "warehouse/data",
            description = "The warehouse directory (default: ${DEFAULT-VALUE} under the current directory).")
    Path warehouse;

    public Path directory() {
        return warehouse.toAbsolutePath().normalize();
    }

    /** Where everything lives under {@link #directory()}. */
    public WarehouseLayout layout() {
        return new WarehouseLayout(directory());
    }
}

package io.clientele.jobs.cli;

import io.clientele.jobs.dashboard.DashboardData;
import io.clientele.jobs.dashboard.DashboardPage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "dashboard",
        mixinStandardHelpOptions = true,
        description = {
            "Writes a self-contained HTML dashboard of the metric marts (cohort retention, churn, "
                    + "customer value, complaints, satisfaction, book of business), read from the warehouse read-only.",
            "The file needs no server and no network: open it in any browser."
        })
public final class DashboardCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, paramLabel = "FILE.html", description = "The HTML file to write.")
    Path out;

    @Mixin
    WarehouseOption warehouse;

    @Override
    public Integer call() throws Exception {
        DashboardData data = DashboardData.read(warehouse.directory());
        String html = new DashboardPage().render(data);
        Path target = out.toAbsolutePath();
        if (target.getParent() != null) {
            Files.createDirectories(target.getParent());
        }
        // Written beside and renamed, so a browser reloading the file never sees half a page.
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        Files.writeString(partial, html, StandardCharsets.UTF_8);
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.printf("dashboard: %s (%,d KB)%n", target, (Files.size(target) + 1023) / 1024);
        return 0;
    }
}

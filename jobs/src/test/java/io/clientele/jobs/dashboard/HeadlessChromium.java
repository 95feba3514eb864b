package io.clientele.jobs.dashboard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code chromium} in headless mode, as a test opens a page: it loads the file,
 * lets the page's timers and animations run (virtual time), and prints the DOM as it then is.
 */
final class HeadlessChromium {

    private HeadlessChromium() {
    }

    static boolean installed() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "chromium"))) {
                return true;
            }
        }
        return false;
    }

    /** The page's DOM after it loaded and ran for up to 15 s of virtual time. */
    static String dumpDom(Path page, Path scratch) throws IOException, InterruptedException {
        Path out = scratch.resolve("dom.html");
        run(scratch, out, "--dump-dom", page.toUri().toString());
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    /** A PNG of the page, width × height pixels. */
    static void screenshot(Path page, Path png, int width, int height, Path scratch) throws IOException, InterruptedException {
        run(scratch, scratch.resolve("screenshot.log"), "--hide-scrollbars", "--window-size=" + width + "," + height,
                "--screenshot=" + png.toAbsolutePath(), page.toUri().toString());
    }

    private static void run(Path scratch, Path stdout, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("chromium", "--headless",
                // the sandbox needs user namespaces, which CI containers (and root) do not have
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--user-data-dir=" + scratch.resolve("chromium-profile"),
                "--virtual-time-budget=15000"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(scratch.resolve("chromium.log").toFile())
                .start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("chromium did not finish in 180 s: " + command);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("chromium exited " + p.exitValue() + ": "
                    + Files.readString(scratch.resolve("chromium.log")));
        }
    }
}

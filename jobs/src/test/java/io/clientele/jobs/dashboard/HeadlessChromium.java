package io.clientele.jobs.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's {@code chromium} in headless mode, driven over the DevTools protocol (a WebSocket,
 * with Java's own HTTP client): it opens the page, waits in real time until the page says
 * every chart finished drawing ({@code window.__rendered}) or a minute passed, and returns
 * the DOM as it then is. ({@code --dump-dom} with a virtual time budget proved flaky: it
 * sometimes printed the DOM before ECharts had drawn a frame.)
 */
final class HeadlessChromium {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on ws://127\\.0\\.0\\.1:(\\d+)/");

    private HeadlessChromium() {}

    static boolean installed() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "chromium"))) {
                return true;
            }
        }
        return false;
    }

    /** The page's DOM once it has drawn every chart (or after 60 s, for the test to say what is missing). */
    static String renderedDom(Path page, Path scratch) throws Exception {
        Process chromium = new ProcessBuilder(List.of(
                        "chromium",
                        "--headless",
                        // the sandbox needs user namespaces, which CI containers (and root) do not have
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-dev-shm-usage",
                        "--no-first-run",
                        "--user-data-dir=" + scratch.resolve("chromium-profile"),
                        "--window-size=1400,1000",
                        "--remote-debugging-port=0",
                        page.toUri().toString()))
                .redirectOutput(scratch.resolve("chromium.out").toFile())
                .start();
        try {
            int port = devToolsPort(chromium);
            HttpClient http = HttpClient.newHttpClient();
            String pageSocket = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (pageSocket == null && System.nanoTime() < deadline) {
                String list = http.send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
                for (JsonNode target : JSON.readTree(list)) {
                    if (target.path("type").asText().equals("page")
                            && target.path("url").asText().startsWith("file:")) {
                        pageSocket = target.path("webSocketDebuggerUrl").asText();
                    }
                }
                Thread.sleep(100);
            }
            if (pageSocket == null) {
                throw new IllegalStateException("chromium opened no page for " + page);
            }
            try (DevTools devTools = new DevTools(http, pageSocket)) {
                while (System.nanoTime() < deadline
                        && !devTools.evaluate("document.readyState === 'complete' && window.__rendered === true")
                                .asBoolean()) {
                    Thread.sleep(200);
                }
                return devTools.evaluate("document.documentElement.outerHTML").asText();
            }
        } finally {
            chromium.destroy();
            if (!chromium.waitFor(20, TimeUnit.SECONDS)) {
                chromium.destroyForcibly();
            }
        }
    }

    /** Chromium prints the DevTools address on stderr once it listens. */
    private static int devToolsPort(Process chromium) throws IOException {
        BufferedReader err =
                new BufferedReader(new InputStreamReader(chromium.getErrorStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line; (line = err.readLine()) != null; ) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                // keep draining stderr so chromium never blocks on a full pipe
                Thread drain = new Thread(() -> {
                    try {
                        err.transferTo(java.io.Writer.nullWriter());
                    } catch (IOException ignored) {
                        // chromium has gone
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(m.group(1));
            }
            seen.append(line).append('\n');
        }
        throw new IllegalStateException("chromium ended before it listened for DevTools:\n" + seen);
    }

    /** One page's DevTools session: commands by id, answers matched by id. */
    private static final class DevTools implements WebSocket.Listener, AutoCloseable {

        private final BlockingQueue<JsonNode> answers = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private final WebSocket socket;
        private int lastId;

        DevTools(HttpClient http, String url) {
            this.socket =
                    http.newWebSocketBuilder().buildAsync(URI.create(url), this).join();
        }

        JsonNode evaluate(String expression) throws Exception {
            int id = ++lastId;
            socket.sendText(
                            JSON.writeValueAsString(Map.of(
                                    "id",
                                    id,
                                    "method",
                                    "Runtime.evaluate",
                                    "params",
                                    Map.of("expression", expression, "returnByValue", true))),
                            true)
                    .join();
            while (true) {
                JsonNode answer = answers.poll(30, TimeUnit.SECONDS);
                if (answer == null) {
                    throw new IllegalStateException("no DevTools answer to " + expression);
                }
                if (answer.path("id").asInt() == id) {
                    if (answer.has("error")) {
                        throw new IllegalStateException("DevTools: " + answer.get("error"));
                    }
                    return answer.path("result").path("result").path("value");
                }
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode message = JSON.readTree(partial.toString());
                    if (message.has("id")) {
                        answers.add(message);
                    }
                } catch (IOException e) {
                    throw new IllegalStateException("unreadable DevTools message", e);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
        }
    }
}

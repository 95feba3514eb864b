package io.clientele.jobs.monitoring;

import io.clientele.jobs.config.ClienteleProperties;
import io.clientele.warehouse.layout.WarehouseLayout;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.exporter.pushgateway.Format;
import io.prometheus.metrics.exporter.pushgateway.PushGateway;
import io.prometheus.metrics.exporter.pushgateway.Scheme;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.JobExecution;
import org.springframework.batch.core.JobExecutionListener;
import org.springframework.batch.core.explore.JobExplorer;

/**
 * At the end of every job of a night (the whole night, or one step of it), failed ones too: the
 * night's metrics so far into the Prometheus text file and to the Pushgateway, when configured.
 * A metric that cannot be written or pushed is logged; it never fails the night.
 */
public final class NightMetricsExporter implements JobExecutionListener {

    /** The Pushgateway password: a secret, so from the environment only. */
    static final String PASSWORD_VARIABLE = "CLIENTELE_METRICS_PUSHGATEWAY_PASSWORD";

    private static final Logger log = LoggerFactory.getLogger(NightMetricsExporter.class);

    private final ClienteleProperties.Metrics settings;
    private final WarehouseLayout layout;
    private final PrometheusMeterRegistry registry;
    private final JobExplorer explorer;

    public NightMetricsExporter(
            ClienteleProperties.Metrics settings,
            WarehouseLayout layout,
            PrometheusMeterRegistry registry,
            JobExplorer explorer) {
        this.settings = settings;
        this.layout = layout;
        this.registry = registry;
        this.explorer = explorer;
    }

    @Override
    public void afterJob(JobExecution execution) {
        if (!settings.enabled()) {
            return;
        }
        try {
            NightHistory night = NightHistory.of(explorer, execution);
            NightMetrics.register(registry, night, DataQualityFiles.read(layout, night.runDate()));
            if (!settings.textfile().isBlank()) {
                Path file = Path.of(settings.textfile()).toAbsolutePath();
                writeAtomically(file, registry.scrape());
                log.info("metrics of {} written to {}", night.jobName(), file);
            }
            if (!settings.pushgatewayUrl().isBlank()) {
                push();
                log.info("metrics of {} pushed to {}", night.jobName(), settings.pushgatewayUrl());
            }
        } catch (RuntimeException | IOException e) {
            log.warn("the night's metrics were not exported: {}", e.getMessage() == null ? e : e.getMessage());
        }
    }

    /**
     * A temporary file beside the target, renamed over it: node_exporter's textfile collector never
     * reads half a file, and skips the temporary one (its name does not end in .prom).
     */
    static void writeAtomically(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling(
                    "." + file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** PUT: the night's metrics replace the previous night's in the job's group. */
    private void push() throws IOException {
        URI url = URI.create(settings.pushgatewayUrl());
        PushGateway.Builder push = PushGateway.builder()
                .scheme("https".equals(url.getScheme()) ? Scheme.HTTPS : Scheme.HTTP)
                .address(url.getHost() + ":"
                        + (url.getPort() < 0 ? ("https".equals(url.getScheme()) ? 443 : 80) : url.getPort()))
                .job(settings.pushgatewayJob())
                .format(Format.PROMETHEUS_TEXT)
                .registry(registry.getPrometheusRegistry());
        if (!settings.pushgatewayUser().isBlank()) {
            String password = System.getenv(PASSWORD_VARIABLE);
            push.basicAuth(settings.pushgatewayUser(), password == null ? "" : password);
        }
        push.build().push();
    }
}

package io.clientele.jobs.monitoring;

import io.clientele.jobs.config.ClienteleProperties;
import io.clientele.jobs.config.WarehouseRunFactory;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClient;
import io.openlineage.client.transports.ApiKeyTokenProvider;
import io.openlineage.client.transports.FileConfig;
import io.openlineage.client.transports.FileTransport;
import io.openlineage.client.transports.HttpConfig;
import io.openlineage.client.transports.HttpTransport;
import io.openlineage.client.transports.Transport;
import java.net.URI;
import org.springframework.batch.core.Job;
import org.springframework.batch.core.explore.JobExplorer;
import org.springframework.batch.core.job.AbstractJob;
import org.springframework.batch.core.step.AbstractStep;
import org.springframework.batch.core.step.StepLocator;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Attaches monitoring to the night's jobs: the metrics exporter and the lineage emitter as
 * listeners, and, when metrics are on, Spring Batch's own job and step timers (Micrometer
 * observations) recorded into the registry the metrics are exported from. With everything off
 * (the default) the listeners return at once and no observation is recorded.
 */
@Component
public class NightMonitoring implements DisposableBean {

    /** The OpenLineage backend's API key: a secret, so from the environment only. */
    static final String API_KEY_VARIABLE = "CLIENTELE_LINEAGE_API_KEY";

    private static final URI PRODUCER = URI.create("https://clientele.io/jobs");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ObservationRegistry observations;
    private final NightMetricsExporter metrics;
    private final NightLineageEmitter lineage;
    private final OpenLineageClient client;

    public NightMonitoring(ClienteleProperties properties, WarehouseRunFactory runs, JobExplorer explorer) {
        if (properties.metrics().enabled()) {
            observations = ObservationRegistry.create();
            observations
                    .observationConfig()
                    .observationHandler(
                            // a timer per job and step; their long-task timers would only ever show zero at the end
                            new DefaultMeterObservationHandler(
                                    registry, DefaultMeterObservationHandler.IgnoredMeters.LONG_TASK_TIMER));
        } else {
            observations = ObservationRegistry.NOOP;
        }
        metrics = new NightMetricsExporter(properties.metrics(), runs.layout(), registry, explorer);
        OpenLineage model = new OpenLineage(PRODUCER);
        client = properties.lineage().enabled()
                ? OpenLineageClient.builder()
                        .transport(transport(properties.lineage()))
                        // the client's own counters stay with it: by default they go to Micrometer's global
                        // registry, which outlives the application context
                        .meterRegistry(new SimpleMeterRegistry())
                        .build()
                : null;
        lineage = new NightLineageEmitter(
                client,
                model,
                properties.lineage().namespace(),
                new NightDatasets(
                        model,
                        runs.layout(),
                        properties.source().url(),
                        properties.source().schema()),
                runs.layout(),
                explorer);
    }

    /** Adds the listeners to {@code job} and records its and its steps' timers. */
    public Job instrument(Job job) {
        if (job instanceof AbstractJob abstractJob) {
            abstractJob.registerJobExecutionListener(lineage);
            abstractJob.registerJobExecutionListener(metrics);
            abstractJob.setObservationRegistry(observations);
        }
        if (job instanceof StepLocator steps) {
            for (String name : steps.getStepNames()) {
                if (steps.getStep(name) instanceof AbstractStep step) {
                    step.setObservationRegistry(observations);
                }
            }
        }
        return job;
    }

    private static Transport transport(ClienteleProperties.Lineage settings) {
        if ("file".equals(settings.transport())) {
            return new FileTransport(new FileConfig(settings.file()));
        }
        HttpConfig http = new HttpConfig();
        http.setUrl(URI.create(settings.url()));
        http.setEndpoint(settings.endpoint());
        http.setTimeoutInMillis((int) settings.timeout().toMillis());
        String apiKey = System.getenv(API_KEY_VARIABLE);
        if (apiKey != null && !apiKey.isBlank()) {
            ApiKeyTokenProvider auth = new ApiKeyTokenProvider();
            auth.setApiKey(apiKey);
            http.setAuth(auth);
        }
        return new HttpTransport(http);
    }

    @Override
    public void destroy() throws Exception {
        if (client != null) {
            client.close();
        }
        registry.close();
    }
}

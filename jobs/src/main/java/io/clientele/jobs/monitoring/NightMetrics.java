package io.clientele.jobs.monitoring;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.StepExecution;

/**
 * The night's own metrics as Micrometer gauges (names under {@code clientele.}), beside the timers
 * Spring Batch records in the same registry: the night's status, each step's time and rows, each
 * source's read, loaded, rejected and superseded rows, each data-quality check, and each published
 * table's rows. docs/monitoring.md lists them with their Prometheus names.
 */
final class NightMetrics {

    static final String PREFIX = "clientele.";

    private NightMetrics() {}

    /** Replaces the previous night's gauges in {@code registry} with this night's. */
    static void register(MeterRegistry registry, NightHistory night, DataQualityFiles quality) {
        registry.getMeters().stream()
                .filter(m -> m.getId().getName().startsWith(PREFIX))
                .toList()
                .forEach(registry::remove);
        Tags job = Tags.of("job", night.jobName());
        var current = night.current();
        gauge(
                registry,
                "night.success",
                "1 when the job that ended last (the night or one step of it) completed",
                job,
                current.getStatus() == BatchStatus.COMPLETED ? 1 : 0);
        gauge(
                registry,
                "night.complete",
                "1 when the night's last step (check) has completed",
                Tags.empty(),
                night.complete() ? 1 : 0);
        gauge(
                registry,
                "night.run.date",
                "the night's run date D (midnight UTC)",
                Tags.empty(),
                "seconds",
                night.runDate().atStartOfDay(ZoneOffset.UTC).toEpochSecond());
        gauge(
                registry,
                "night.end.time",
                "when the job that ended last ended",
                job,
                "seconds",
                epochSeconds(current.getEndTime() == null ? LocalDateTime.now() : current.getEndTime()));
        gauge(
                registry,
                "night.duration",
                "how long the job that ended last ran",
                job,
                "seconds",
                seconds(current.getStartTime(), current.getEndTime()));
        for (StepExecution step : night.allSteps()) {
            Tags tags = Tags.of("step", step.getStepName());
            gauge(
                    registry,
                    "step.duration",
                    "how long the step's latest execution ran",
                    tags,
                    "seconds",
                    seconds(step.getStartTime(), step.getEndTime()));
            gauge(
                    registry,
                    "step.success",
                    "1 when the step's latest execution completed",
                    tags,
                    step.getStatus() == BatchStatus.COMPLETED ? 1 : 0);
            gauge(registry, "step.rows.written", "rows the step wrote", tags, step.getWriteCount());
        }
        for (NightHistory.SourceRows source : night.sources()) {
            Tags tags = Tags.of("source", source.source());
            gaugeIfKnown(registry, "source.rows.read", "records read from the source's extract", tags, source.read());
            gaugeIfKnown(registry, "source.rows.rejected", "records refused (etl_rejects)", tags, source.rejected());
            gaugeIfKnown(
                    registry, "source.rows.loaded", "rows upserted into the source's state", tags, source.loaded());
            gaugeIfKnown(
                    registry,
                    "source.rows.superseded",
                    "rows that lost their upsert to a later version of "
                            + "their key: read = loaded + rejected + superseded",
                    tags,
                    source.superseded());
        }
        for (DataQualityFiles.Check check : quality.checks().values()) {
            Tags tags = Tags.of("check", check.name());
            gauge(registry, "check.passed", "1 when the data-quality check passed", tags, check.passed() ? 1 : 0);
            gauge(registry, "check.violations", "the data-quality check's violations", tags, check.violations());
        }
        quality.rowCounts()
                .forEach((table, rows) -> gauge(
                        registry,
                        "published.rows",
                        "rows of each published lake and mart table",
                        Tags.of("table", table),
                        rows));
    }

    private static void gaugeIfKnown(MeterRegistry registry, String name, String help, Tags tags, Long value) {
        if (value != null) {
            gauge(registry, name, help, tags, value);
        }
    }

    private static void gauge(MeterRegistry registry, String name, String help, Tags tags, double value) {
        gauge(registry, name, help, tags, null, value);
    }

    private static void gauge(MeterRegistry registry, String name, String help, Tags tags, String unit, double value) {
        Gauge.builder(PREFIX + name, () -> value)
                .description(help)
                .tags(tags)
                .baseUnit(unit)
                .strongReference(true)
                .register(registry);
    }

    private static double seconds(LocalDateTime start, LocalDateTime end) {
        if (start == null) {
            return 0;
        }
        return Duration.between(start, end == null ? LocalDateTime.now() : end).toMillis() / 1000.0;
    }

    /** Spring Batch keeps local times of the JVM's zone. */
    private static double epochSeconds(LocalDateTime time) {
        return time.atZone(ZoneId.systemDefault()).toInstant().toEpochMilli() / 1000.0;
    }
}

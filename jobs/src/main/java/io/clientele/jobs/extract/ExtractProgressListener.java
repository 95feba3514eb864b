package io.clientele.jobs.extract;

import io.clientele.jobs.batch.StepCounts;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.ChunkListener;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.StepExecution;
import org.springframework.batch.core.StepExecutionListener;
import org.springframework.batch.core.scope.context.ChunkContext;

/**
 * Keeps a long extract from being silent: rows and rate while a source is read (a line
 * rewritten in place on a terminal, a log line every few seconds elsewhere, see
 * {@link RowProgress}), and read / landed / rejected when it is done (also kept for
 * {@code clientele status}).
 */
public final class ExtractProgressListener implements ChunkListener, StepExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(ExtractProgressListener.class);
    private final String source;
    private long started;
    private RowProgress progress;

    public ExtractProgressListener(String source) {
        this.source = source;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        started = System.nanoTime();
        log.info("step {} started", stepExecution.getStepName());
        progress = new RowProgress("extract " + source, RowProgress.onTerminal(), System.err, log::info, started);
    }

    @Override
    public void afterChunk(ChunkContext context) {
        progress.update(read(context.getStepContext().getStepExecution()), System.nanoTime());
    }

    @Override
    public ExitStatus afterStep(StepExecution step) {
        progress.finish();
        long read = read(step);
        long rejected = step.getReadSkipCount() + step.getProcessSkipCount();
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("read", read);
        counts.put("landed", step.getWriteCount());
        counts.put("rejected", rejected);
        step.getExecutionContext().putString(StepCounts.CONTEXT_KEY, StepCounts.format(counts));
        log.info(
                "extract {}: read {}, landed {}, rejected {} ({} ms)",
                source,
                read,
                step.getWriteCount(),
                rejected,
                (System.nanoTime() - started) / 1_000_000);
        return null;
    }

    /** Records read from the file, refused ones included. */
    static long read(StepExecution step) {
        return step.getReadCount() + step.getReadSkipCount();
    }
}

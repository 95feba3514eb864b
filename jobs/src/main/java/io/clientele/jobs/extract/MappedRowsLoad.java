package io.clientele.jobs.extract;

import io.clientele.jobs.extract.mapping.MappedRows;
import io.clientele.schemas.SourceContract;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.StepContribution;

/**
 * Lands the rows of a source mapping that SQL is sure the contract accepts straight from the
 * DuckDB database the mapping made them in ({@link SureRowsLanding}), and leaves the others (rows
 * the contract may refuse, rows an expression failed on) to be read by {@link MappedSourceReader}
 * and go through the Java validator and writer, which decide what is refused and why.
 */
final class MappedRowsLoad {

    private static final Logger log = LoggerFactory.getLogger(MappedRowsLoad.class);
    private static final String REST = "mapped_rest";

    private final SourceContract contract;
    private final SureRowsLanding sureRows;

    MappedRowsLoad(SourceContract contract) {
        this.contract = contract;
        this.sureRows = new SureRowsLanding(contract);
    }

    /** Lands the sure rows, counting them read and written into {@code contribution}. */
    void load(MappedRows rows, SourceHeader header, LandingItemWriter writer, StepContribution contribution)
            throws SQLException {
        long started = System.nanoTime();
        StringBuilder made = new StringBuilder("SELECT __row AS _k, __file AS _file, __line AS _line");
        for (int i = 0; i < header.size(); i++) {
            made.append(", c").append(i).append(" AS f").append(i);
        }
        made.append(" FROM (").append(rows.madeRows()).append(')');
        long landed = sureRows.land(rows.connection(), made.toString(), header, "x._file", REST, "", writer);
        rows.readOnly("SELECT _k FROM " + REST);
        for (long i = 0; i < landed; i++) {
            contribution.incrementReadCount();
        }
        contribution.incrementWriteCount(landed);
        log.info(
                "extract {}: {} mapped rows landed by SQL, the others are checked by the Java validator ({} ms)",
                contract.source(),
                landed,
                (System.nanoTime() - started) / 1_000_000);
    }
}

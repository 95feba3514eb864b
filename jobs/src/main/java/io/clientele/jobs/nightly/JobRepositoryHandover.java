package io.clientele.jobs.nightly;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.h2.engine.SessionRemote;
import org.h2.jdbc.JdbcConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Keeps a process that serves the shared job repository to others (H2 AUTO_SERVER: the first
 * process to open the file serves it) from ending while they still use it. Were it to end, the
 * others would lose their connection in the middle of a transaction and their steps would
 * fail; so, as the application shuts down (before its data source closes), the serving process
 * waits until no other process is connected, up to {@code clientele.job-repository.handover-wait}.
 * A process that is itself a client ends at once.
 */
@Component
public class JobRepositoryHandover implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(JobRepositoryHandover.class);

    private final DataSource dataSource;
    private final Duration maxWait;

    public JobRepositoryHandover(
            DataSource dataSource, @Value("${clientele.job-repository.handover-wait:PT6H}") Duration maxWait) {
        this.dataSource = dataSource;
        this.maxWait = maxWait;
    }

    @Override
    public void destroy() throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isWrapperFor(JdbcConnection.class)
                    || connection.unwrap(JdbcConnection.class).getSession() instanceof SessionRemote) {
                return; // not H2, or a client of another process's server
            }
            long others = otherProcessSessions(connection);
            if (others > 0) {
                log.info(
                        "job repository: waiting for {} connection(s) of other clientele processes before ending"
                                + " (this process serves it to them)",
                        others);
            }
            while (others > 0 && System.nanoTime() < deadline) {
                Thread.sleep(500);
                others = otherProcessSessions(connection);
            }
            if (others > 0) {
                log.warn(
                        "job repository: ending after {} with {} connection(s) of other processes still open",
                        maxWait,
                        others);
            }
        } catch (SQLException e) {
            log.warn("job repository: cannot tell whether other processes use it: {}", e.getMessage());
        }
    }

    /** Sessions that came in over the AUTO_SERVER port: those of other processes. */
    private static long otherProcessSessions(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE CLIENT_ADDR IS NOT NULL")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

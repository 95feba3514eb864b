package io.clientele.jobs.extract.mapping;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens a connection to the operational database, for the inputs that are its tables or queries. */
@FunctionalInterface
public interface RawDatabase {
    Connection open() throws SQLException;
}

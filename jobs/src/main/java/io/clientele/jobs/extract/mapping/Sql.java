package io.clientele.jobs.extract.mapping;

import java.sql.SQLException;

/** Small helpers for the SQL the mapping writes: literals, names, and DuckDB's messages on one line. */
final class Sql {

    private Sql() {}

    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    static String name(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** DuckDB's message without the echo of the statement, on one line. */
    static String message(SQLException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        int echo = message.indexOf("\nLINE ");
        if (echo >= 0) {
            message = message.substring(0, echo);
        }
        return message.strip().replaceAll("\\s*\\n\\s*", " ");
    }
}

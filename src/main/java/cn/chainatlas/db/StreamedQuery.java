package cn.chainatlas.db;

import org.jooq.DSLContext;
import org.jooq.ResultQuery;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A query built with jOOQ, run as one streaming read: jOOQ executes it lazily with {@code fetchSize =
 * Integer.MIN_VALUE}, which Connector/J takes as "hand the forward-only result over row by row" (MySQL 8 and MariaDB
 * alike), so the server sends rows while the caller works on them; the caller reads values by position from jOOQ's
 * {@link ResultQuery#fetchResultSet()} — no jOOQ records built for 100,000 rows (the registry export, the import's
 * index of the registry, the matching candidates; docs/benchmarks.md, issues 10 and 15). jOOQ runs the statement, so
 * its execute listeners see it as they see every other.
 */
public final class StreamedQuery {

    /** Reads the open result (positioned before its first row) to its end. */
    public interface Reader {
        void read(ResultSet rows) throws SQLException, java.io.IOException;
    }

    private StreamedQuery() {
    }

    /**
     * Runs {@code query} on {@code dsl}'s connection (the caller's transaction, if any) and hands its rows to
     * {@code reader}; the statement and the connection are given back when the reader returns or fails.
     *
     * @throws org.jooq.exception.DataAccessException when the database or the reader fails with an SQLException
     * @throws java.io.UncheckedIOException           when the reader fails writing
     */
    public static void stream(DSLContext dsl, ResultQuery<?> query, Reader reader) {
        // the caller's query, built for this read, runs on the connection of dsl (a transaction's, when it is one)
        query.attach(dsl.configuration());
        try (ResultSet rows = query.fetchSize(Integer.MIN_VALUE).fetchResultSet()) {
            reader.read(rows);
        } catch (SQLException e) {
            throw new org.jooq.exception.DataAccessException("streamed read: " + e.getMessage(), e);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

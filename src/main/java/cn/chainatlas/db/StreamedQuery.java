package cn.chainatlas.db;

import org.jooq.DSLContext;
import org.jooq.ResultQuery;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * A query built with jOOQ, run as one streaming read: Connector/J hands a forward-only result over row by row with
 * {@code fetchSize = Integer.MIN_VALUE} (MySQL 8 and MariaDB alike), so the server sends rows while the caller works
 * on them, and the caller reads values by position — no jOOQ records built for 100,000 rows (the registry export, the
 * matching candidates; docs/benchmarks.md, issues 10 and 15).
 */
public final class StreamedQuery {

    /** Reads the open result (positioned before its first row) to its end. */
    public interface Reader {
        void read(ResultSet rows) throws SQLException, java.io.IOException;
    }

    private StreamedQuery() {
    }

    /** Runs {@code query} on a connection of {@code dsl} (the caller's transaction, if any) and hands its rows to {@code reader}. */
    public static void stream(DSLContext dsl, ResultQuery<?> query, Reader reader) {
        String sql = dsl.render(query);
        List<Object> binds = query.getBindValues();
        dsl.connection(cn -> {
            try (PreparedStatement ps = cn.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                for (int i = 0; i < binds.size(); i++) {
                    ps.setObject(i + 1, binds.get(i));
                }
                ps.setFetchSize(Integer.MIN_VALUE);
                try (ResultSet r = ps.executeQuery()) {
                    reader.read(r);
                }
            }
        });
    }
}

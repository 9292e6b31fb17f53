package cn.chainatlas.enterprise;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.util.List;

/**
 * Plain {@code insert into t (c1, …) values (…), (…), …} statements of up to {@value #ROWS} rows, written as SQL
 * and bound through JDBC on the transaction's connection: one round trip and one statement parse per
 * {@value #ROWS} rows on MySQL 8 and MariaDB alike, whatever the JDBC URL says about batch rewriting, and no
 * per-value work in jOOQ's binding layer (an import binds about 4 million values). The SQL names come from the
 * generated jOOQ tables, so they follow the schema.
 */
final class MultiRowInsert {

    static final int ROWS = 1000;

    private MultiRowInsert() {
    }

    /** Inserts {@code rows} (each one value per column, in column order) into {@code table}. */
    static void insert(DSLContext tx, Table<?> table, List<? extends Field<?>> columns, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        tx.connection(c -> {
            String head = head(tx, table, columns);
            String tuple = tuple(columns.size());
            PreparedStatement full = null;
            try {
                for (int from = 0; from < rows.size(); from += ROWS) {
                    int n = Math.min(ROWS, rows.size() - from);
                    PreparedStatement ps;
                    if (n == ROWS) {
                        if (full == null) {
                            full = c.prepareStatement(sql(head, tuple, n));
                        }
                        ps = full;
                    } else {
                        ps = c.prepareStatement(sql(head, tuple, n));
                    }
                    try {
                        int p = 1;
                        for (int i = from; i < from + n; i++) {
                            for (Object v : rows.get(i)) {
                                bind(ps, p++, v);
                            }
                        }
                        ps.executeUpdate();
                        cn.chainatlas.db.DataVersionListeners.wroteThroughJdbc(tx, c, table.getName());
                    } finally {
                        if (ps != full) {
                            ps.close();
                        }
                    }
                }
            } finally {
                if (full != null) {
                    full.close();
                }
            }
        });
    }

    private static String head(DSLContext tx, Table<?> table, List<? extends Field<?>> columns) {
        StringBuilder sb = new StringBuilder("insert into ").append(tx.render(table)).append(" (");
        for (int i = 0; i < columns.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(tx.render(org.jooq.impl.DSL.name(columns.get(i).getName())));
        }
        return sb.append(") values ").toString();
    }

    private static String tuple(int columns) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < columns; i++) {
            sb.append(i == 0 ? "?" : ",?");
        }
        return sb.append(')').toString();
    }

    private static String sql(String head, String tuple, int rows) {
        StringBuilder sb = new StringBuilder(head.length() + rows * (tuple.length() + 1));
        sb.append(head);
        for (int i = 0; i < rows; i++) {
            sb.append(i == 0 ? "" : ",").append(tuple);
        }
        return sb.toString();
    }

    private static void bind(PreparedStatement ps, int i, Object v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.NULL);
        } else if (v instanceof String s) {
            ps.setString(i, s);
        } else if (v instanceof LocalDate d) {
            ps.setObject(i, d);
        } else {
            ps.setObject(i, v);
        }
    }
}

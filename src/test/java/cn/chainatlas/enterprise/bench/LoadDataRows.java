package cn.chainatlas.enterprise.bench;

import cn.chainatlas.db.DataVersionListeners;
import com.mysql.cj.conf.PropertyKey;
import com.mysql.cj.conf.RuntimeProperty;
import com.mysql.cj.jdbc.JdbcConnection;
import com.mysql.cj.jdbc.JdbcStatement;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

/**
 * The write path measured against the registry's multi-row inserts and not adopted (RegistryWriteBenchmark, issue 15;
 * docs/benchmarks.md): {@code LOAD DATA LOCAL INFILE} fed from memory on the transaction's connection, so the driver
 * escapes no SQL literal and the server parses no 28,000-literal statement. It cut the writer's time by about a fifth
 * — the server's time goes to the B-trees, not the parsing — short of what would pay for a server requirement
 * ({@code local_infile=ON}, off by default on MySQL 8).
 *
 * <p>Kept as the benchmark ran it, with what an adoption would need: {@code LOAD DATA LOCAL} cannot stop the client's
 * transfer half-way, so the server turns every conversion problem and duplicate key into a warning (as IGNORE would)
 * whatever the sql_mode; each load therefore checks that the server took every row and warned about nothing, and
 * throws otherwise (a duplicate as error 1062, which the import retries). Connector/J hands the in-memory stream to
 * the server only with {@code allowLoadLocalInfile} on, and then sends any file the server names when no stream is
 * set; the connection is made with {@code allowLoadLocalInfileInPath} naming a folder that does not exist (the
 * driver then offers LOCAL loading in its handshake but fails any request for a file), and {@code allowLoadLocalInfile}
 * is switched on only for the one statement that has the stream set.
 */
final class LoadDataRows {

    /** The value of Connector/J's {@code allowLoadLocalInfileInPath}: a folder that does not exist. */
    static final String NO_FILES = "/nonexistent/chainatlas-sends-no-local-files";

    private LoadDataRows() {
    }

    /**
     * Inserts {@code rows} (each one value per column, in column order) into {@code table} with one
     * {@code LOAD DATA LOCAL INFILE}. Values: null, String, Boolean, Integer, Long, BigDecimal (its plain form; its
     * scale must fit the column's), LocalDate.
     *
     * @throws org.jooq.exception.DataAccessException when the server refuses the load, or took fewer rows than sent
     *                                                (a duplicate key: error 1062) or warned about any value
     */
    static void load(DSLContext tx, Table<?> table, List<? extends Field<?>> columns, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        byte[] data = encode(rows, columns.size());
        String sql = sql(tx, table, columns);
        tx.connection(c -> {
            long loaded = run(c, sql, data);
            if (loaded != rows.size()) {
                throw fewer(table.getName(), rows.size(), loaded);
            }
            DataVersionListeners.wroteThroughJdbc(tx, c, table.getName());
        });
    }

    private static long run(Connection c, String sql, byte[] data) throws SQLException {
        JdbcConnection mysql = c.unwrap(JdbcConnection.class);
        RuntimeProperty<Boolean> allow = mysql.getPropertySet().getBooleanProperty(PropertyKey.allowLoadLocalInfile);
        boolean was = allow.getValue();
        try (Statement st = c.createStatement()) {
            JdbcStatement js = st.unwrap(JdbcStatement.class);
            js.setLocalInfileInputStream(new ByteArrayInputStream(data));
            allow.setValue(true);
            try {
                long n = st.executeLargeUpdate(sql);
                SQLWarning w = st.getWarnings();
                if (w != null) {
                    throw warned(w);
                }
                return n;
            } finally {
                allow.setValue(was);
                js.setLocalInfileInputStream(null);
            }
        }
    }

    private static SQLException fewer(String table, int sent, long loaded) {
        return new SQLIntegrityConstraintViolationException("LOAD DATA into " + table + " took " + loaded + " of "
                + sent + " rows (a duplicate key)", "23000", 1062);
    }

    private static SQLException warned(SQLWarning w) {
        StringBuilder sb = new StringBuilder("LOAD DATA: the server changed or skipped values:");
        int n = 0;
        boolean duplicate = false;
        for (SQLWarning x = w; x != null && n < 5; x = x.getNextWarning(), n++) {
            sb.append(" [").append(x.getErrorCode()).append("] ").append(x.getMessage());
            duplicate |= x.getErrorCode() == 1062;
        }
        return duplicate ? new SQLIntegrityConstraintViolationException(sb.toString(), "23000", 1062)
                : new SQLException(sb.toString(), "HY000");
    }

    static String sql(DSLContext tx, Table<?> table, List<? extends Field<?>> columns) {
        StringBuilder sb = new StringBuilder("load data local infile 'rows' into table ").append(tx.render(table))
                .append(" character set utf8mb4 fields terminated by '\\t' enclosed by '' escaped by '\\\\'")
                .append(" lines terminated by '\\n' starting by '' (");
        for (int i = 0; i < columns.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(tx.render(DSL.name(columns.get(i).getName())));
        }
        return sb.append(')').toString();
    }

    /** The rows as LOAD DATA's default text format: tab between fields, newline after each row, \N for null. */
    static byte[] encode(List<Object[]> rows, int columns) {
        Out out = new Out(rows.size() * columns * 24);
        for (Object[] row : rows) {
            if (row.length != columns) {
                throw new IllegalArgumentException(row.length + " values for " + columns + " columns");
            }
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    out.put((byte) '\t');
                }
                value(out, row[i]);
            }
            out.put((byte) '\n');
        }
        return out.bytes();
    }

    private static void value(Out out, Object v) {
        if (v == null) {
            out.put((byte) '\\');
            out.put((byte) 'N');
        } else if (v instanceof String s) {
            text(out, s);
        } else if (v instanceof Boolean b) {
            out.put((byte) (b ? '1' : '0'));
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short) {
            out.ascii(v.toString());
        } else if (v instanceof BigDecimal d) {
            out.ascii(d.toPlainString());
        } else if (v instanceof LocalDate d) {
            if (d.getYear() < 1000 || d.getYear() > 9999) {
                throw new IllegalArgumentException("date out of range: " + d);
            }
            out.ascii(d.toString());
        } else {
            throw new IllegalArgumentException("no LOAD DATA form for " + v.getClass().getName());
        }
    }

    /** A text field: the escape character, tab, newline, carriage return and NUL escaped; the rest as UTF-8. */
    private static void text(Out out, String s) {
        int n = s.length();
        boolean plain = true;
        for (int i = 0; i < n; i++) {
            char ch = s.charAt(i);
            if (ch == '\\' || ch == '\t' || ch == '\n' || ch == '\r' || ch == 0) {
                plain = false;
                break;
            }
        }
        if (plain) {
            out.put(s.getBytes(StandardCharsets.UTF_8));
            return;
        }
        StringBuilder sb = new StringBuilder(n + 8);
        for (int i = 0; i < n; i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case 0 -> sb.append("\\0");
                default -> sb.append(ch);
            }
        }
        out.put(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** A growable byte buffer (ByteArrayOutputStream synchronises every write). */
    private static final class Out {
        private byte[] buf;
        private int size;

        Out(int capacity) {
            buf = new byte[Math.max(64, capacity)];
        }

        void put(byte b) {
            if (size == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            buf[size++] = b;
        }

        void put(byte[] b) {
            if (size + b.length > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + b.length));
            }
            System.arraycopy(b, 0, buf, size, b.length);
            size += b.length;
        }

        void ascii(String s) {
            if (size + s.length() > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + s.length()));
            }
            for (int i = 0; i < s.length(); i++) {
                buf[size++] = (byte) s.charAt(i);
            }
        }

        byte[] bytes() {
            return Arrays.copyOf(buf, size);
        }
    }
}

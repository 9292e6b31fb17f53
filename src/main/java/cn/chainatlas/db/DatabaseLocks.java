package cn.chainatlas.db;

import jakarta.inject.Singleton;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;

/**
 * Named locks of the database server (MySQL and MariaDB {@code GET_LOCK}), so that a rule holds across every
 * instance that shares the database: only one instance runs the maintenance at a time, writers of one city's
 * registry go one after the other, an instance's liveness is a lock it holds. A lock belongs to a connection: it is
 * held while the {@link Held} is open (the connection is kept out of the pool until then) and the server frees it
 * by itself when that connection ends, so a killed process leaves no lock behind and no lease has to expire.
 * Names are scoped to the schema (a server may hold several installations, and the tests' schemas).
 */
@Singleton
public class DatabaseLocks {

    private final DataSource dataSource;
    private final DSLContext dsl;
    private volatile String prefix;

    DatabaseLocks(DataSource dataSource, DSLContext dsl) {
        this.dataSource = dataSource;
        this.dsl = dsl;
    }

    /** Locks held on one connection; closing releases them and gives the connection back. */
    public final class Held implements AutoCloseable {
        private final Connection connection;
        private final List<String> names;

        private Held(Connection connection, List<String> names) {
            this.connection = connection;
            this.names = names;
        }

        /** Whether the server still counts the locks as this connection's (false after the connection broke). */
        public boolean valid() {
            try {
                for (String n : names) {
                    Object owner = DSL.using(connection, dsl.dialect()).fetchValue("select is_used_lock(?) = connection_id()", n);
                    if (owner == null || !(owner instanceof Number num && num.intValue() == 1)) {
                        return false;
                    }
                }
                return true;
            } catch (RuntimeException e) {
                return false;
            }
        }

        @Override
        public void close() {
            try {
                for (String n : names) {
                    DSL.using(connection, dsl.dialect()).fetchValue("select release_lock(?)", n);
                }
            } catch (RuntimeException ignored) {
                // the connection is gone, and the locks with it
            } finally {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // nothing more to free
                }
            }
        }
    }

    /**
     * Takes the named locks (in name order, so two callers asking for overlapping sets cannot wait on each other
     * for ever), waiting up to {@code wait} for each; null when one could not be had in time (nothing held then).
     */
    public Held tryLock(Collection<String> names, Duration wait) {
        List<String> full = new ArrayList<>();
        for (String n : new TreeSet<>(names)) {
            full.add(name(n));
        }
        Connection c;
        try {
            c = dataSource.getConnection();
            if (!c.getAutoCommit()) {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("no database connection for a lock", e);
        }
        List<String> got = new ArrayList<>();
        try {
            for (String n : full) {
                Object r = DSL.using(c, dsl.dialect()).fetchValue("select get_lock(?, ?)", n, Math.max(0, wait.toSeconds()));
                if (!(r instanceof Number num) || num.intValue() != 1) {
                    new Held(c, got).close();
                    return null;
                }
                got.add(n);
            }
            return new Held(c, got);
        } catch (RuntimeException e) {
            new Held(c, got).close();
            throw e;
        }
    }

    public Held tryLock(String name, Duration wait) {
        return tryLock(List.of(name), wait);
    }

    /** Whether nobody holds the lock now. */
    public boolean isFree(String name) {
        Object r = dsl.fetchValue("select is_free_lock(?)", name(name));
        return r instanceof Number n && n.intValue() == 1;
    }

    /** The server-wide name: schema, then ours; hashed when longer than the 64 characters the server allows. */
    String name(String local) {
        if (prefix == null) {
            Object schema = dsl.fetchValue("select database()");
            prefix = "ca." + (schema == null ? "" : schema) + ".";
        }
        String full = prefix + local;
        if (full.length() <= 64) {
            return full;
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(full.getBytes(StandardCharsets.UTF_8));
            return "ca." + HexFormat.of().formatHex(d).substring(0, 40) + "." + local.substring(Math.max(0, local.length() - 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package cn.chainatlas.db;

import org.jooq.DSLContext;
import org.jooq.Insert;
import org.jooq.impl.DSL;

import java.math.BigInteger;
import java.util.function.Function;

/**
 * Inserting a row and learning its auto-increment id, in a way that works on MySQL and MariaDB alike.
 * jOOQ's MARIADB dialect renders {@code INSERT … RETURNING}, which Connector/J refuses to run as a query;
 * {@code LAST_INSERT_ID()} on the same connection is understood by both servers.
 */
public final class GeneratedKeys {

    private GeneratedKeys() {
    }

    public static long insert(DSLContext dsl, Function<DSLContext, Insert<?>> insert) {
        return dsl.transactionResult(cfg -> {
            DSLContext tx = DSL.using(cfg);
            insert.apply(tx).execute();
            BigInteger id = tx.lastID();
            return id.longValueExact();
        });
    }
}

package cn.chainatlas.enterprise;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.time.LocalDateTime;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static cn.chainatlas.db.schema.Tables.CHAIN;
import static cn.chainatlas.db.schema.Tables.CITY;
import static cn.chainatlas.db.schema.Tables.ENTERPRISE;
import static cn.chainatlas.db.schema.Tables.ENTERPRISE_LEADER;

/** The chains each 链主 leads (table enterprise_leader, owned here). */
@Singleton
class LeaderRepository {

    record Row(String creditCode, String name, String cityCode, String cityName, String chainCode, String chainName,
               String source, String declaredBy, LocalDateTime declaredAt) {
    }

    private final DSLContext dsl;

    LeaderRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * Leader enterprises (is_leader) with their chains, one row per chain (chain fields null for a 链主 whose
     * chains are not named yet), by name. {@code chain} keeps leaders of that chain only, {@code city} those of a city.
     */
    List<Row> leaders(@Nullable String chain, @Nullable String city, @Nullable Collection<String> creditCodes) {
        Condition c = ENTERPRISE.IS_LEADER.isTrue();
        if (chain != null) {
            c = c.and(DSL.exists(DSL.selectOne().from(ENTERPRISE_LEADER)
                    .where(ENTERPRISE_LEADER.CREDIT_CODE.eq(ENTERPRISE.CREDIT_CODE)).and(ENTERPRISE_LEADER.CHAIN_CODE.eq(chain))));
        }
        if (city != null) {
            c = c.and(ENTERPRISE.CITY_CODE.eq(city));
        }
        if (creditCodes != null) {
            c = c.and(ENTERPRISE.CREDIT_CODE.in(creditCodes));
        }
        return dsl.select(ENTERPRISE.CREDIT_CODE, ENTERPRISE.NAME, ENTERPRISE.CITY_CODE, CITY.NAME,
                        ENTERPRISE_LEADER.CHAIN_CODE, CHAIN.NAME, ENTERPRISE_LEADER.SOURCE, ENTERPRISE_LEADER.DECLARED_BY,
                        ENTERPRISE_LEADER.DECLARED_AT)
                .from(ENTERPRISE)
                .leftJoin(CITY).on(CITY.CODE.eq(ENTERPRISE.CITY_CODE))
                .leftJoin(ENTERPRISE_LEADER).on(ENTERPRISE_LEADER.CREDIT_CODE.eq(ENTERPRISE.CREDIT_CODE))
                .leftJoin(CHAIN).on(CHAIN.CODE.eq(ENTERPRISE_LEADER.CHAIN_CODE))
                .where(c)
                .orderBy(ENTERPRISE.NAME, ENTERPRISE.CREDIT_CODE, CHAIN.SORT_ORDER, CHAIN.CODE)
                .fetch(r -> new Row(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(), r.value7(),
                        r.value8(), r.value9()));
    }

    /** The chains an enterprise leads, code → source. */
    Map<String, String> chainsOf(DSLContext tx, String creditCode) {
        Map<String, String> out = new LinkedHashMap<>();
        tx.select(ENTERPRISE_LEADER.CHAIN_CODE, ENTERPRISE_LEADER.SOURCE).from(ENTERPRISE_LEADER)
                .where(ENTERPRISE_LEADER.CREDIT_CODE.eq(creditCode)).orderBy(ENTERPRISE_LEADER.CHAIN_CODE)
                .forEach(r -> out.put(r.value1(), r.value2()));
        return out;
    }

    /** chain code → name, in the chains' order */
    Map<String, String> chainNames() {
        Map<String, String> out = new LinkedHashMap<>();
        dsl.select(CHAIN.CODE, CHAIN.NAME).from(CHAIN).orderBy(CHAIN.SORT_ORDER, CHAIN.CODE)
                .forEach(r -> out.put(r.value1(), r.value2()));
        return out;
    }

    void add(DSLContext tx, String creditCode, String chainCode, String source, String by) {
        tx.insertInto(ENTERPRISE_LEADER)
                .set(ENTERPRISE_LEADER.CREDIT_CODE, creditCode)
                .set(ENTERPRISE_LEADER.CHAIN_CODE, chainCode)
                .set(ENTERPRISE_LEADER.SOURCE, source)
                .set(ENTERPRISE_LEADER.DECLARED_BY, by)
                .onDuplicateKeyIgnore()
                .execute();
    }

    /**
     * A bureau's declaration of one chain: it replaces whatever declared it before (an inference from the registry's
     * title, an import), so the record says who declared it and when (it kept INFERRED/system: fresh-eyes pass #14).
     */
    void declare(DSLContext tx, String creditCode, String chainCode, String by) {
        tx.insertInto(ENTERPRISE_LEADER)
                .set(ENTERPRISE_LEADER.CREDIT_CODE, creditCode)
                .set(ENTERPRISE_LEADER.CHAIN_CODE, chainCode)
                .set(ENTERPRISE_LEADER.SOURCE, "MANUAL")
                .set(ENTERPRISE_LEADER.DECLARED_BY, by)
                .onDuplicateKeyUpdate()
                .set(ENTERPRISE_LEADER.SOURCE, "MANUAL")
                .set(ENTERPRISE_LEADER.DECLARED_BY, by)
                .set(ENTERPRISE_LEADER.DECLARED_AT, DSL.currentLocalDateTime())
                .execute();
    }

    /** Removes the given chains, or every chain when {@code chainCodes} is null. */
    void remove(DSLContext tx, String creditCode, @Nullable Collection<String> chainCodes) {
        tx.deleteFrom(ENTERPRISE_LEADER).where(ENTERPRISE_LEADER.CREDIT_CODE.eq(creditCode))
                .and(chainCodes == null ? DSL.noCondition() : ENTERPRISE_LEADER.CHAIN_CODE.in(chainCodes))
                .execute();
    }

    /** Leader enterprises (by title or declaration) that lead no named chain yet. */
    List<String> leadersWithoutChains() {
        return dsl.select(ENTERPRISE.CREDIT_CODE).from(ENTERPRISE).where(ENTERPRISE.IS_LEADER.isTrue())
                .andNotExists(DSL.selectOne().from(ENTERPRISE_LEADER).where(ENTERPRISE_LEADER.CREDIT_CODE.eq(ENTERPRISE.CREDIT_CODE)))
                .orderBy(ENTERPRISE.CREDIT_CODE).fetch(ENTERPRISE.CREDIT_CODE);
    }
}

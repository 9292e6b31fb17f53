package cn.chainatlas.db;

import cn.chainatlas.testing.DatabaseTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static cn.chainatlas.db.schema.Tables.AUDIT_LOG;
import static cn.chainatlas.db.schema.Tables.CITY;
import static cn.chainatlas.db.schema.Tables.REGION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The data version behind every cached figure: it moves after a committed write to the data figures rest on — in a
 * transaction only once the outermost commit is done — and not for a rolled-back transaction or a bookkeeping write.
 */
@MicronautTest
class DataVersionTest extends DatabaseTest {

    @Inject
    DSLContext dsl;
    @Inject
    DataVersion version;
    @Inject
    FiguresCache cache;

    @org.junit.jupiter.api.BeforeAll
    void region() {
        dsl.insertInto(REGION).set(REGION.CODE, "PRD").set(REGION.NAME, "珠三角").onDuplicateKeyIgnore().execute();
    }

    private long shared() {
        return version.current().database();
    }

    private void insertCity(DSLContext d, String code) {
        d.insertInto(CITY).set(CITY.CODE, code).set(CITY.NAME, "测试市" + code).set(CITY.REGION_CODE, "PRD").execute();
    }

    @Test
    void aCommittedWriteMovesTheVersionOnlyAfterTheOutermostCommit() {
        long before = shared();
        long[] inside = new long[2];
        dsl.transaction(outer -> {
            insertCity(DSL.using(outer), "T01");
            DSL.using(outer).transaction(inner -> insertCity(DSL.using(inner), "T02"));
            inside[0] = shared();
        });
        inside[1] = shared();
        assertThat(inside[0]).as("not moved while the transaction is open").isEqualTo(before);
        assertThat(inside[1]).as("moved once after the commit").isEqualTo(before + 1);

        insertCity(dsl, "T03"); // auto-committed
        assertThat(shared()).isEqualTo(before + 2);
    }

    @Test
    void aRolledBackTransactionAndABookkeepingWriteLeaveTheVersion() {
        long before = shared();
        assertThatThrownBy(() -> dsl.transaction(tx -> {
            insertCity(DSL.using(tx), "R01");
            throw new IllegalStateException("rolled back");
        })).hasMessageContaining("rolled back");
        dsl.insertInto(AUDIT_LOG).set(AUDIT_LOG.USERNAME, "admin").set(AUDIT_LOG.ACTION, "TEST")
                .set(AUDIT_LOG.TARGET, "x").execute();
        assertThat(shared()).isEqualTo(before);
        assertThat(dsl.fetchCount(CITY, CITY.CODE.eq("R01"))).isZero();
    }

    @Test
    void plainJdbcWritesCountByTheirTable() {
        long before = shared();
        dsl.connection(c -> DataVersionListeners.wroteThroughJdbc(dsl, c, "enterprise_gram")); // the search indexer
        assertThat(shared()).isEqualTo(before);
        dsl.connection(c -> DataVersionListeners.wroteThroughJdbc(dsl, c, "enterprise")); // an import's rows
        assertThat(shared()).isEqualTo(before + 1);
    }

    @Test
    void aWriteMovesTheVersionOfItsOwnDatabaseOnly() {
        // a second context on another schema, started after this one (it is the last registered): a write in each
        // bumps its own data version, never the other's
        try (io.micronaut.context.ApplicationContext other = io.micronaut.context.ApplicationContext.run(
                cn.chainatlas.testing.TestDatabase.benchmarkProperties("DataVersionOther"), "test")) {
            DataVersion otherVersion = other.getBean(DataVersion.class);
            DSLContext otherDsl = other.getBean(DSLContext.class);
            long mine = shared();
            long theirs = otherVersion.current().database();

            dsl.insertInto(REGION).set(REGION.CODE, "OWN1").set(REGION.NAME, "本库").execute();
            assertThat(shared()).isEqualTo(mine + 1);
            assertThat(otherVersion.current().database()).isEqualTo(theirs);

            dsl.transaction(tx -> tx.dsl().insertInto(REGION).set(REGION.CODE, "OWN2").set(REGION.NAME, "本库").execute());
            assertThat(shared()).isEqualTo(mine + 2);
            assertThat(otherVersion.current().database()).isEqualTo(theirs);

            otherDsl.insertInto(REGION).set(REGION.CODE, "OTH1").set(REGION.NAME, "他库").execute();
            assertThat(otherVersion.current().database()).isEqualTo(theirs + 1);
            assertThat(shared()).isEqualTo(mine + 2);
        }
    }

    @Test
    void aCachedFigureIsComputedOncePerVersion() {
        AtomicInteger computed = new AtomicInteger();
        assertThat((Integer) cache.get("k", computed::incrementAndGet)).isEqualTo(1);
        assertThat((Integer) cache.get("k", computed::incrementAndGet)).isEqualTo(1);
        insertCity(dsl, "C01");
        assertThat((Integer) cache.get("k", computed::incrementAndGet)).isEqualTo(2);
    }

    private long registry() {
        return version.current(DataVersion.Topic.REGISTRY).database();
    }

    @Test
    void aDemandSideWriteMovesTheFiguresAndLeavesTheRegistry() {
        long figures = shared();
        long reg = registry();
        dsl.execute("delete from matchmaking_note where 1 = 0");
        dsl.execute("update demand set note = note where 1 = 0");
        assertThat(shared()).as("figures: every counted write").isEqualTo(figures + 2);
        assertThat(registry()).as("registry: not the demand side").isEqualTo(reg);

        insertCity(dsl, "D01");
        assertThat(shared()).isEqualTo(figures + 3);
        assertThat(registry()).as("a registry write moves both").isEqualTo(reg + 1);

        // a transaction that wrote both sides bumps both, once
        dsl.transaction(tx -> {
            DSL.using(tx).execute("update demand set note = note where 1 = 0");
            insertCity(DSL.using(tx), "D02");
        });
        assertThat(shared()).isEqualTo(figures + 4);
        assertThat(registry()).isEqualTo(reg + 2);
        dsl.transaction(tx -> DSL.using(tx).execute("update matchmaking_move set note = note where 1 = 0"));
        assertThat(shared()).isEqualTo(figures + 5);
        assertThat(registry()).isEqualTo(reg + 2);
    }

    @Test
    void aRegistryFigureSurvivesADemandWriteAndNotARegistryWrite() {
        FiguresCache registryCache = new FiguresCache(version, DataVersion.Topic.REGISTRY, 100, java.time.Duration.ofMinutes(10),
                java.time.Duration.ZERO, java.time.Duration.ZERO);
        try {
            AtomicInteger computed = new AtomicInteger();
            assertThat((Integer) registryCache.get("pool", computed::incrementAndGet)).isEqualTo(1);
            dsl.execute("delete from matchmaking_note where 1 = 0");
            assertThat((Integer) registryCache.get("pool", computed::incrementAndGet)).as("kept").isEqualTo(1);
            assertThat((Integer) cache.get("figure-" + shared(), () -> 7)).isEqualTo(7);
            insertCity(dsl, "D03");
            assertThat((Integer) registryCache.get("pool", computed::incrementAndGet)).as("computed again").isEqualTo(2);
        } finally {
            registryCache.stop();
        }
    }

    @Test
    void theTopicsOfAStatement() {
        assertThat(DataVersionListeners.topics("update `s`.`demand` set `note` = ?")).isEqualTo(DataVersionListeners.FIGURES);
        assertThat(DataVersionListeners.topics("insert into matchmaking_record (a) values (1)")).isEqualTo(DataVersionListeners.FIGURES);
        assertThat(DataVersionListeners.topics("insert into `matchmaking_move` (a) values (1)")).isEqualTo(DataVersionListeners.FIGURES);
        assertThat(DataVersionListeners.topics("update `enterprise_node_capacity` set x = 1")).isEqualTo(DataVersionListeners.ALL);
        assertThat(DataVersionListeners.topics("delete from enterprise_leader where 1")).isEqualTo(DataVersionListeners.ALL);
        assertThat(DataVersionListeners.topics("delete d from demand d join x")).as("unreadable: both").isEqualTo(DataVersionListeners.ALL);
        assertThat(DataVersionListeners.topics("insert into audit_log (a) values (1)")).isZero();
    }

    @Test
    void statementsOfBookkeepingTablesDoNotCountAndUnreadableOnesDo() {
        assertThat(DataVersionListeners.counts("insert into `s`.`audit_log` (`a`) values (?)")).isFalse();
        assertThat(DataVersionListeners.counts("update `login_guard` set `failures` = 1")).isFalse();
        assertThat(DataVersionListeners.counts("insert into `s`.`enterprise_gram` (`gram`, `credit_code`) values (?, ?)")).isFalse();
        assertThat(DataVersionListeners.counts("insert into `s`.`enterprise_node` (`a`) values (?)")).isTrue();
        assertThat(DataVersionListeners.counts("delete from demand where id = 1")).isTrue();
        assertThat(DataVersionListeners.counts("delete e from enterprise e join x")).isTrue();
        assertThat(DataVersionListeners.counts("select 1")).isFalse();
    }

    private DataVersion.Stamp registryStamp() {
        return version.current(DataVersion.Topic.REGISTRY);
    }

    private static final String A = "91441900MA5TCHGA1X";
    private static final String B = "91441900MA5TCHGB2X";

    private void itemisedWrite(String code) {
        dsl.transaction(tx -> {
            DataVersionListeners.changedEnterprises(java.util.List.of(code));
            DSL.using(tx).execute("update enterprise set name = name where credit_code = ?", code);
            DSL.using(tx).execute("delete from enterprise_node_capacity where credit_code = ? and 1 = 0", code);
        });
    }

    @Test
    void aRegistryMoveRecordsTheEnterprisesItsWriteNamedAndOtherwiseSaysItDoesNotKnow() {
        DataVersion.Stamp start = registryStamp();
        itemisedWrite(A);
        DataVersion.Stamp one = registryStamp();
        itemisedWrite(B);
        DataVersion.Stamp two = registryStamp();
        assertThat(version.enterprisesChanged(start, one)).contains(java.util.Set.of(A));
        assertThat(version.enterprisesChanged(one, two)).contains(java.util.Set.of(B));
        assertThat(version.enterprisesChanged(start, two)).contains(java.util.Set.of(A, B));
        assertThat(version.enterprisesChanged(two, two)).as("nothing since").contains(java.util.Set.of());
        dsl.execute("update demand set note = note where 1 = 0");
        assertThat(version.enterprisesChanged(two, registryStamp())).as("a demand write moves no registry version")
                .contains(java.util.Set.of());

        // an enterprise written without saying which: unknown
        dsl.transaction(tx -> DSL.using(tx).execute("update enterprise set name = name where 1 = 0"));
        DataVersion.Stamp three = registryStamp();
        assertThat(version.enterprisesChanged(two, three)).isEmpty();
        assertThat(version.enterprisesChanged(start, three)).as("unknown spoils the span").isEmpty();

        // said, but a table of more than one enterprise written too (a city): unknown
        dsl.transaction(tx -> {
            DataVersionListeners.changedEnterprises(java.util.List.of(A));
            DSL.using(tx).execute("update enterprise set name = name where credit_code = ?", A);
            insertCity(DSL.using(tx), "R01");
        });
        DataVersion.Stamp four = registryStamp();
        assertThat(version.enterprisesChanged(three, four)).isEmpty();

        // auto-committed: nobody could say which; an import's size: not itemised
        dsl.execute("update enterprise set name = name where 1 = 0");
        DataVersion.Stamp five = registryStamp();
        assertThat(version.enterprisesChanged(four, five)).isEmpty();
        java.util.List<String> many = java.util.stream.IntStream.rangeClosed(0, DataVersion.MOST_ITEMISED)
                .mapToObj(i -> String.format("914419000000%06d", i)).toList();
        dsl.transaction(tx -> {
            DataVersionListeners.changedEnterprises(many);
            DSL.using(tx).execute("update enterprise set name = name where 1 = 0");
        });
        DataVersion.Stamp six = registryStamp();
        assertThat(version.enterprisesChanged(five, six)).isEmpty();

        // a nested transaction's codes count at the outermost commit; a rolled-back one's never
        dsl.transaction(outer -> DSL.using(outer).transaction(inner -> {
            DataVersionListeners.changedEnterprises(java.util.List.of(B));
            DSL.using(inner).execute("update enterprise set name = name where credit_code = ?", B);
        }));
        DataVersion.Stamp seven = registryStamp();
        assertThat(version.enterprisesChanged(six, seven)).contains(java.util.Set.of(B));

        // the rows of a version gone (trimmed, or a move by a build that did not record them): unknown
        itemisedWrite(A);
        DataVersion.Stamp eight = registryStamp();
        dsl.execute("delete from registry_change where version = ?", eight.database());
        assertThat(version.enterprisesChanged(seven, eight)).isEmpty();
        assertThat(eight.database()).isEqualTo(start.database() + 8);
    }
}

package cn.chainatlas.imports;

import cn.chainatlas.common.CreditCode;
import cn.chainatlas.common.Role;
import cn.chainatlas.testing.TestUsers;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static cn.chainatlas.db.schema.Tables.AUDIT_LOG;
import static cn.chainatlas.db.schema.Tables.ENTERPRISE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A city bureau cannot take over another city's enterprises (issue: 东莞 uploading 佛山 credit codes overwrote
 * their name, revenue and contacts, moved them to 东莞 and dropped their 链主 title): not by import (dry run and
 * commit refuse such rows with CITY_NOT_ALLOWED and the stored city), not by rollback, not by a move. The
 * province moves enterprises and marks them 注销/迁出, audited; every enterprise a batch changed is found in the
 * audit log by the enterprise, with before and after.
 */
@MicronautTest
class CrossCityTakeoverTest extends ImportTestSupport {

    static final String PW = "pass-12345";
    static final Random RANDOM = new Random(4242);
    static final String FOSHAN_LEADER = CreditCode.random(RANDOM, "440600");
    static final String FOSHAN_OTHER = CreditCode.random(RANDOM, "440600");
    static final String DONGGUAN = CreditCode.random(RANDOM, "441900");

    @BeforeAll
    void registry() {
        TestUsers.create(dsl, "province", PW, Role.PROVINCE, null, null);
        TestUsers.create(dsl, "dongguan", PW, Role.CITY, "441900", null);
        TestUsers.create(dsl, "foshan", PW, Role.CITY, "440600", null);
        List<Object> leader = RegistryFixtures.row(FOSHAN_LEADER, "佛山链主机床股份有限公司", "佛山", "五轴联动加工中心");
        leader.set(9, "链主、专精特新");
        Answer a = upload(RegistryFixtures.xlsx(RegistryFixtures.withHeader(List.of(leader,
                RegistryFixtures.row(FOSHAN_OTHER, "佛山轴承有限公司", "佛山", "精密轴承")))), "fs.xlsx", "dryRun=false", "foshan", PW);
        assertThat(a.num("inserts")).isEqualTo(2);
    }

    private byte[] takeover() {
        List<Object> withCity = RegistryFixtures.row(FOSHAN_LEADER, "东莞冒名机床有限公司", "东莞", "五轴联动加工中心");
        withCity.set(10, 1.0);
        withCity.set(17, "13800000000");
        List<Object> blankCity = RegistryFixtures.row(FOSHAN_OTHER, "东莞冒名轴承有限公司", null, "精密轴承");
        return RegistryFixtures.xlsx(RegistryFixtures.withHeader(List.of(withCity, blankCity,
                RegistryFixtures.row(DONGGUAN, "东莞自家电主轴有限公司", "东莞", "电主轴"))));
    }

    @Test
    void aCityBureauCannotTakeOverAnotherCitysEnterprisesByImport() {
        String before = registrySnapshot();
        for (String mode : List.of("dryRun=true", "dryRun=false")) {
            Answer a = upload(takeover(), "takeover.xlsx", mode, "dongguan", PW);
            assertThat(a.status()).as(mode).isEqualTo(200);
            assertThat(a.num("updates")).as(mode).isZero();
            assertThat(a.num("rowsRejected")).as(mode).isEqualTo(2);
            assertThat(a.errors()).as(mode).filteredOn(e -> "CITY_NOT_ALLOWED".equals(e.get("code"))).hasSize(2)
                    .allSatisfy(e -> assertThat((String) e.get("message")).contains("佛山").contains("东莞"))
                    .extracting(e -> e.get("row")).containsExactlyInAnyOrder(2, 3);
            assertThat(a.errors()).as(mode).allSatisfy(e -> assertThat(e.get("column")).isEqualTo("统一社会信用代码"));
        }
        // the one row of its own city went in; the 佛山 enterprises are exactly as they were
        dsl.deleteFrom(ENTERPRISE).where(ENTERPRISE.CREDIT_CODE.eq(DONGGUAN)).execute();
        assertThat(registrySnapshot()).isEqualTo(before);
        assertThat(dsl.fetchValue(ENTERPRISE.IS_LEADER, ENTERPRISE.CREDIT_CODE.eq(FOSHAN_LEADER))).isTrue();
        // and 佛山 still edits its own enterprise
        Answer edit = exchange(HttpRequest.PUT("/api/v1/enterprises/" + FOSHAN_LEADER, Map.of("employees", 321)).basicAuth("foshan", PW));
        assertThat(edit.status()).isEqualTo(200);
    }

    @Test
    void aCityBureauCannotRollBackABatchThatTouchedAnotherCity() {
        String code = CreditCode.random(RANDOM, "440600");
        assertThat(upload(RegistryFixtures.xlsx(RegistryFixtures.withHeader(List.of(
                RegistryFixtures.row(code, "佛山迁移测试有限公司", "佛山", "滚珠丝杠")))), "a.xlsx", "dryRun=false", "foshan", PW).status()).isEqualTo(200);
        // the province moves it to 东莞 by an upload made for 东莞
        Answer moved = upload(RegistryFixtures.xlsx(RegistryFixtures.withHeader(List.of(
                RegistryFixtures.row(code, "佛山迁移测试有限公司", "东莞", "滚珠丝杠")))), "b.xlsx", "dryRun=false&city=441900", "province", PW);
        assertThat(moved.num("updates")).isEqualTo(1);
        long batch = ((Number) moved.body().get("batchId")).longValue();
        String before = registrySnapshot();
        Answer refused = post("/api/v1/imports/" + batch + "/rollback", "dongguan", PW);
        assertThat(refused.status()).isEqualTo(403);
        assertThat((String) refused.body().get("message")).contains("其他地市");
        assertThat(registrySnapshot()).isEqualTo(before);
        assertThat(post("/api/v1/imports/" + batch + "/rollback", "province", PW).status()).isEqualTo(200);
        assertThat(dsl.fetchValue(ENTERPRISE.CITY_CODE, ENTERPRISE.CREDIT_CODE.eq(code))).isEqualTo("440600");
    }

    @Test
    void onlyTheProvinceMovesAnEnterpriseOrMarksIt注销OrAudited() {
        String code = CreditCode.random(RANDOM, "440600");
        upload(RegistryFixtures.xlsx(RegistryFixtures.withHeader(List.of(
                RegistryFixtures.row(code, "佛山搬迁有限公司", "佛山", "齿轮箱")))), "c.xlsx", "dryRun=false", "foshan", PW);
        String before = registrySnapshot();
        assertThat(send("/move", code, Map.of("city", "东莞"), "dongguan").status()).isEqualTo(403);
        assertThat(send("/move", code, Map.of("city", "东莞"), "foshan").status()).isEqualTo(403);
        assertThat(send("/status", code, Map.of("status", "注销"), "foshan").status()).isEqualTo(403);
        assertThat(registrySnapshot()).isEqualTo(before);

        Answer bad = send("/move", code, Map.of("city", "长沙"), "province");
        assertThat(bad.status()).isEqualTo(400);
        assertThat((String) bad.body().get("message")).contains("长沙");
        Answer moved = send("/move", code, Map.of("city", "东莞", "note", "2026-10 迁入东莞松山湖"), "province");
        assertThat(moved.status()).isEqualTo(200);
        assertThat(moved.body()).containsEntry("cityName", "东莞");
        Answer dead = send("/status", code, Map.of("status", "DEREGISTERED", "note", "已注销"), "province");
        assertThat(dead.body()).containsEntry("status", "DEREGISTERED").containsEntry("statusLabel", "注销");

        List<Map<String, Object>> lines = audit(code);
        assertThat(lines).extracting(l -> l.get("action")).contains("ENTERPRISE_MOVE", "ENTERPRISE_STATUS", "IMPORT_COMMIT");
        Map<String, Object> move = lines.stream().filter(l -> "ENTERPRISE_MOVE".equals(l.get("action"))).findFirst().orElseThrow();
        assertThat((String) move.get("before")).contains("佛山");
        assertThat((String) move.get("after")).contains("东莞");
    }

    @Test
    void everyEnterpriseABatchChangedIsFoundInTheAuditLogWithBeforeAndAfter() {
        String code = CreditCode.random(RANDOM, "441900");
        Answer first = upload(RegistryFixtures.xlsx(RegistryFixtures.withHeader(List.of(
                RegistryFixtures.row(code, "东莞审计测试有限公司", "东莞", "滚珠丝杠")))), "d.xlsx", "dryRun=false", "dongguan", PW);
        assertThat(first.num("inserts")).isEqualTo(1);
        Answer second = upload(RegistryFixtures.xlsx(RegistryFixtures.withHeader(List.of(
                RegistryFixtures.row(code, "东莞审计测试精密有限公司", "东莞", "滚珠丝杠")))), "e.xlsx",
                "dryRun=false&confirmNameChanges=" + code, "dongguan", PW);
        assertThat(second.num("updates")).isEqualTo(1);
        long secondBatch = ((Number) second.body().get("batchId")).longValue();

        List<Map<String, Object>> lines = audit(code);
        List<Map<String, Object>> commits = lines.stream().filter(l -> "IMPORT_COMMIT".equals(l.get("action"))).toList();
        assertThat(commits).hasSize(2);
        // newest first: the update names the old name before and the new one after
        assertThat((String) commits.get(0).get("before")).contains("东莞审计测试有限公司");
        assertThat((String) commits.get(0).get("after")).contains("东莞审计测试精密有限公司");
        assertThat((String) commits.get(0).get("detail")).contains("import_batch:" + secondBatch);
        // the insert: nothing before, the first name after (the next batch's before)
        assertThat(commits.get(1).get("before")).isNull();
        assertThat((String) commits.get(1).get("after")).contains("东莞审计测试有限公司").doesNotContain("精密");

        assertThat(post("/api/v1/imports/" + secondBatch + "/rollback", "dongguan", PW).status()).isEqualTo(200);
        List<Map<String, Object>> after = audit(code);
        Map<String, Object> rollback = after.stream().filter(l -> "IMPORT_ROLLBACK".equals(l.get("action"))).findFirst().orElseThrow();
        assertThat((String) rollback.get("before")).contains("东莞审计测试精密有限公司");
        assertThat((String) rollback.get("after")).contains("东莞审计测试有限公司").doesNotContain("精密");
    }

    @Test
    void aBatchWhoseNewEnterpriseWasMovedSinceIsNotRolledBack() {
        String code = CreditCode.random(RANDOM, "440600");
        Answer inserted = upload(RegistryFixtures.xlsx(RegistryFixtures.withHeader(List.of(
                RegistryFixtures.row(code, "佛山新增后迁出有限公司", "佛山", "滚珠丝杠")))), "f.xlsx", "dryRun=false", "foshan", PW);
        assertThat(inserted.num("inserts")).isEqualTo(1);
        long batch = ((Number) inserted.body().get("batchId")).longValue();
        assertThat(send("/move", code, Map.of("city", "东莞", "note", "迁入东莞"), "province").status()).isEqualTo(200);
        String before = registrySnapshot();

        // the enterprise the batch inserted now lies in 东莞: 佛山 may not delete it by rolling its batch back
        Answer refused = post("/api/v1/imports/" + batch + "/rollback", "foshan", PW);
        assertThat(refused.status()).isEqualTo(403);
        assertThat((String) refused.body().get("message")).contains("其他地市").contains(code);
        // nor the province: the move came after the batch, and a rollback would delete it with the move
        Answer changed = post("/api/v1/imports/" + batch + "/rollback", "province", PW);
        assertThat(changed.status()).isEqualTo(409);
        assertThat((String) changed.body().get("message")).contains("又被修改过").contains(code);
        assertThat(registrySnapshot()).isEqualTo(before);
    }

    @Test
    void aRolledBackInsertLeavesTheEnterpriseOutAndItsStoryInTheAuditLog() {
        String code = CreditCode.random(RANDOM, "441900");
        String stays = CreditCode.random(RANDOM, "441900");
        upload(RegistryFixtures.xlsx(RegistryFixtures.withHeader(List.of(
                RegistryFixtures.row(stays, "东莞回滚前已有有限公司", "东莞", "滚珠丝杠")))), "g.xlsx", "dryRun=false", "dongguan", PW);
        String before = registrySnapshot();
        Answer inserted = upload(RegistryFixtures.xlsx(RegistryFixtures.withHeader(List.of(
                RegistryFixtures.row(stays, "东莞回滚前已有有限公司", "东莞", "精密轴承"),
                RegistryFixtures.row(code, "东莞回滚新增有限公司", "东莞", "电主轴")))), "h.xlsx", "dryRun=false", "dongguan", PW);
        assertThat(inserted.num("inserts")).isEqualTo(1);
        assertThat(inserted.num("updates")).isEqualTo(1);
        long batch = ((Number) inserted.body().get("batchId")).longValue();

        Answer r = post("/api/v1/imports/" + batch + "/rollback", "dongguan", PW);
        assertThat(r.status()).isEqualTo(200);
        assertThat(registrySnapshot()).isEqualTo(before);
        assertThat(dsl.fetchCount(ENTERPRISE, ENTERPRISE.CREDIT_CODE.eq(code))).isZero();

        List<Map<String, Object>> lines = audit(code);
        Map<String, Object> commit = lines.stream().filter(l -> "IMPORT_COMMIT".equals(l.get("action"))).findFirst().orElseThrow();
        assertThat(commit.get("before")).isNull();
        assertThat((String) commit.get("detail")).contains("新增").contains("import_batch:" + batch);
        assertThat((String) commit.get("after")).contains("东莞回滚新增有限公司");
        Map<String, Object> rollback = lines.stream().filter(l -> "IMPORT_ROLLBACK".equals(l.get("action"))).findFirst().orElseThrow();
        assertThat((String) rollback.get("before")).contains("东莞回滚新增有限公司");
        assertThat(rollback.get("after")).isNull();
        assertThat((String) rollback.get("detail")).contains("删除了该批新增的此企业");

        // the batch's own lines read in Chinese on the audit page: 新增 1, 状态 已提交 → 已回滚, not inserts/COMMITTED
        var batchCommit = dsl.fetchOne(AUDIT_LOG, AUDIT_LOG.ACTION.eq("IMPORT_COMMIT").and(AUDIT_LOG.TARGET.eq("import_batch:" + batch)));
        assertThat(batchCommit.getAfterState()).contains("\"新增\":1").contains("\"更新\":1").contains("\"文件\":\"h.xlsx\"")
                .doesNotContain("inserts").doesNotContain("rowsValid").doesNotContain("sha256");
        var batchRollback = dsl.fetchOne(AUDIT_LOG, AUDIT_LOG.ACTION.eq("IMPORT_ROLLBACK").and(AUDIT_LOG.TARGET.eq("import_batch:" + batch)));
        assertThat(batchRollback.getBeforeState()).contains("\"状态\":\"已提交\"").doesNotContain("COMMITTED");
        assertThat(batchRollback.getAfterState()).contains("\"状态\":\"已回滚\"").doesNotContain("ROLLED_BACK")
                .doesNotContain("enterprisesRestored");
    }

    private Answer send(String action, String code, Map<String, Object> body, String user) {
        MutableHttpRequest<?> r = HttpRequest.POST("/api/v1/enterprises/" + code + action, body);
        return exchange(r.basicAuth(user, PW));
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> audit(String code) {
        Map<String, Object> page = client.toBlocking().retrieve(HttpRequest.GET("/api/v1/audit?target=" + code + "&size=100")
                .basicAuth("admin", ADMIN_PASSWORD), Argument.mapOf(String.class, Object.class));
        return (List<Map<String, Object>>) page.get("items");
    }
}

package cn.chainatlas.imports;

import cn.chainatlas.enterprise.Classifier;
import cn.chainatlas.testing.ApiTest;
import cn.chainatlas.testing.MatchFixtures;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.client.multipart.MultipartBody;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;

import static cn.chainatlas.db.schema.Tables.AUDIT_LOG;
import static cn.chainatlas.db.schema.Tables.DEMAND;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A leader's demands uploaded as a workbook on a real MariaDB, through the registry's reader and batch machinery:
 * the template comes with the leader's nodes; a dry run writes nothing and reports every bad row by sheet, row and
 * column; a commit writes all rows or none, audited; the same file again changes nothing; a batch rolls back; a
 * leader cannot upload into another leader, a city bureau only for its own city's leaders.
 */
@MicronautTest
class DemandImportTest extends ApiTest {

    @Inject
    Classifier classifier;

    /** the shared 2-core machine under load answers the first template slowly (the chain graph is built on first use) */
    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new java.util.HashMap<>(super.getProperties());
        p.put("micronaut.http.client.read-timeout", "60s");
        return p;
    }

    @Override
    protected String seedMode() {
        return "reference";
    }

    @BeforeAll
    void registry() {
        MatchFixtures.load(dsl, classifier);
    }

    static final String[] HEADERS = {"产业链节点", "年需求量", "单位", "年需求额（万元）", "规格/等级要求", "认证要求", "优先地区",
            "排除地区", "当前采购-同市%", "当前采购-省内其他市%", "当前采购-外省%", "当前采购-进口%", "需要日期", "备注"};

    /** A workbook with a title row above the header (as buyers make them) and the given rows (numbers stay numbers). */
    static byte[] workbook(String[] headers, Object[]... rows) {
        try (Workbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet s = wb.createSheet("需求");
            s.createRow(0).createCell(0).setCellValue("2027 年配套需求表");
            Row h = s.createRow(1);
            for (int i = 0; i < headers.length; i++) {
                h.createCell(i).setCellValue(headers[i]);
            }
            for (int r = 0; r < rows.length; r++) {
                Row row = s.createRow(r + 2);
                for (int i = 0; i < rows[r].length; i++) {
                    Object v = rows[r][i];
                    if (v instanceof Number n) {
                        row.createCell(i).setCellValue(n.doubleValue());
                    } else if (v instanceof RegistryFixtures.Formula f) {
                        row.createCell(i).setCellFormula(f.formula());
                    } else if (v != null) {
                        row.createCell(i).setCellValue(v.toString());
                    }
                }
            }
            wb.getCreationHelper().createFormulaEvaluator().evaluateAll();
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Object[] bearing() {
        return new Object[]{"轴承", 12000, "套", 960, "P4级 主轴角接触球轴承", "ISO 9001", "东莞", "省外", 0, 0, 30, 70, "2030-06-30", "首批"};
    }

    static Object[] spindle() {
        return new Object[]{"电主轴", 800, "台", 2400, "BT40 电主轴 24000rpm", null, null, null, 10, 20, 30, 40, "2030/3/31", null};
    }

    Answer upload(byte[] file, String name, String query, String user) {
        MultipartBody body = MultipartBody.builder().addPart("file", name, MediaType.APPLICATION_OCTET_STREAM_TYPE, file).build();
        MutableHttpRequest<?> request = HttpRequest.POST("/api/v1/demands/imports" + (query == null ? "" : "?" + query), body)
                .contentType(MediaType.MULTIPART_FORM_DATA_TYPE);
        return send(request, user);
    }

    byte[] download(String uri, String user) {
        MutableHttpRequest<?> request = HttpRequest.GET(uri).basicAuth(user, PW);
        HttpResponse<byte[]> r = client.toBlocking().exchange(request, Argument.of(byte[].class));
        assertThat(r.code()).isEqualTo(200);
        return r.body();
    }

    int demandsOf(String leader) {
        return dsl.fetchCount(DEMAND, DEMAND.LEADER_CREDIT_CODE.eq(leader));
    }

    long id(Answer a) {
        return ((Number) a.map().get("batchId")).longValue();
    }

    int count(Answer a, String key) {
        return ((Number) a.map().get(key)).intValue();
    }

    @Test
    void aBatchADeadProcessLeftInterruptedRunsAgainAsItWasAskedFor() {
        Object[] row = spindle();
        row[4] = "BT50 电主轴 12000rpm（重跑）";
        Answer dry = upload(workbook(HEADERS, row), "需求-重跑.xlsx", null, "lead");
        assertThat(dry.map()).containsEntry("status", "DRY_RUN");
        int before = demandsOf(MatchFixtures.LEADER);
        // what ImportMaintenance leaves of a commit whose process was killed: 中断, nothing written, the file kept
        dsl.update(cn.chainatlas.db.schema.Tables.IMPORT_BATCH).set(cn.chainatlas.db.schema.Tables.IMPORT_BATCH.STATUS, "INTERRUPTED")
                .set(cn.chainatlas.db.schema.Tables.IMPORT_BATCH.DRY_RUN, false)
                .where(cn.chainatlas.db.schema.Tables.IMPORT_BATCH.ID.eq(id(dry))).execute();
        assertThat(post("/api/v1/demands/imports/" + id(dry) + "/commit", Map.of(), "lead").status())
                .as("an interrupted batch is not a dry run to commit").isEqualTo(409);

        Answer rerun = post("/api/v1/demands/imports/" + id(dry) + "/rerun", Map.of(), "lead");
        assertThat(rerun.status()).as(String.valueOf(rerun.body())).isEqualTo(200);
        assertThat(rerun.map()).containsEntry("status", "COMMITTED");
        assertThat(count(rerun, "inserts")).isEqualTo(1);
        assertThat(demandsOf(MatchFixtures.LEADER)).isEqualTo(before + 1);
        assertThat(dsl.fetchCount(AUDIT_LOG, AUDIT_LOG.ACTION.eq("DEMAND_IMPORT_RERUN")
                .and(AUDIT_LOG.TARGET.eq("import_batch:" + id(dry))))).isEqualTo(1);
        Answer twice = post("/api/v1/demands/imports/" + id(dry) + "/rerun", Map.of(), "lead");
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.text("message")).contains("已提交");
        assertThat(demandsOf(MatchFixtures.LEADER)).isEqualTo(before + 1);

        // an interrupted dry run runs again as a dry run: nothing written
        row[4] = "BT50 电主轴 15000rpm（重跑预检）";
        Answer dry2 = upload(workbook(HEADERS, row), "需求-重跑2.xlsx", null, "lead");
        dsl.update(cn.chainatlas.db.schema.Tables.IMPORT_BATCH).set(cn.chainatlas.db.schema.Tables.IMPORT_BATCH.STATUS, "INTERRUPTED")
                .where(cn.chainatlas.db.schema.Tables.IMPORT_BATCH.ID.eq(id(dry2))).execute();
        Answer rerunDry = post("/api/v1/demands/imports/" + id(dry2) + "/rerun", Map.of(), "lead");
        assertThat(rerunDry.map()).containsEntry("status", "DRY_RUN");
        assertThat(count(rerunDry, "inserts")).isEqualTo(1);
        assertThat(demandsOf(MatchFixtures.LEADER)).isEqualTo(before + 1);
    }

    @Test
    void theTemplateOffersTheLeadersNodesAndStatesTheNaturalKey() throws IOException {
        HttpResponse<byte[]> named = client.toBlocking().exchange(HttpRequest.GET("/api/v1/demands/template.xlsx").basicAuth("lead", PW),
                Argument.of(byte[].class));
        // a name for every client: 需求模板.xlsx where filename* is read, demand-template.xlsx (not 「.xlsx」) where not
        assertThat(named.header("Content-Disposition")).contains("filename=\"demand-template.xlsx\"")
                .contains("filename*=UTF-8''%E9%9C%80%E6%B1%82%E6%A8%A1%E6%9D%BF.xlsx");
        try (Workbook wb = new XSSFWorkbook(new ByteArrayInputStream(download("/api/v1/demands/template.xlsx", "lead")))) {
            Row h = wb.getSheet("链主需求").getRow(0);
            assertThat(h.getCell(0).getStringCellValue()).isEqualTo("需求编号");
            assertThat(h.getCell(2).getStringCellValue()).isEqualTo("产业链节点");
            Sheet lists = wb.getSheet("选项");
            assertThat(wb.isSheetHidden(wb.getSheetIndex(lists))).isTrue();
            List<String> nodes = new java.util.ArrayList<>();
            for (Row r : lists) {
                if (r.getCell(0) != null) {
                    nodes.add(r.getCell(0).getStringCellValue());
                }
            }
            // the leader leads the CNC chain: its nodes, not the offshore chain's
            assertThat(nodes).contains("轴承", "电主轴").doesNotContain("海底电缆");
            StringBuilder help = new StringBuilder();
            wb.getSheet("填写说明").forEach(r -> r.forEach(c -> help.append(c.toString()).append('\n')));
            assertThat(help).contains("链主企业 + 产业链节点 + 规格/等级要求").contains("需求编号");
            assertThat(wb.getSheet("链主需求").getDataValidations()).isNotEmpty();
        }
    }

    @Test
    void aDryRunWritesNothingACommitWritesEveryRowTheSameFileAgainChangesNothingAndTheBatchRollsBack() {
        int before = demandsOf(MatchFixtures.LEADER);
        byte[] file = workbook(HEADERS, bearing(), spindle());
        Answer dry = upload(file, "需求.xlsx", null, "lead");
        assertThat(dry.status()).as(String.valueOf(dry.body())).isEqualTo(200);
        assertThat(dry.map()).containsEntry("status", "DRY_RUN");
        assertThat(count(dry, "inserts")).isEqualTo(2);
        assertThat(count(dry, "rowsRejected")).isZero();
        assertThat(demandsOf(MatchFixtures.LEADER)).isEqualTo(before);

        Answer committed = post("/api/v1/demands/imports/" + id(dry) + "/commit", Map.of(), "lead");
        assertThat(committed.status()).as(String.valueOf(committed.body())).isEqualTo(200);
        assertThat(committed.map()).containsEntry("status", "COMMITTED");
        assertThat(demandsOf(MatchFixtures.LEADER)).isEqualTo(before + 2);
        List<Map<String, Object>> mine = get("/api/v1/demands", "lead").list();
        Map<String, Object> spindle = mine.stream().filter(d -> "电主轴".equals(d.get("nodeName"))).findFirst().orElseThrow();
        assertThat(spindle).containsEntry("neededBy", "2030-03-31").containsEntry("unit", "台");
        assertThat(((Number) spindle.get("valueWan")).doubleValue()).isEqualTo(2400);
        // every demand audited with its after state, naming the batch; the batch has its own line
        assertThat(dsl.fetchCount(AUDIT_LOG, AUDIT_LOG.ACTION.eq("DEMAND_CREATE")
                .and(AUDIT_LOG.DETAIL.contains("批次 " + id(dry))))).isEqualTo(2);
        assertThat(dsl.fetchCount(AUDIT_LOG, AUDIT_LOG.ACTION.eq("DEMAND_IMPORT_COMMIT")
                .and(AUDIT_LOG.TARGET.eq("import_batch:" + id(dry))))).isEqualTo(1);
        assertThat(dsl.fetchOne(AUDIT_LOG, AUDIT_LOG.ACTION.eq("DEMAND_IMPORT_COMMIT")
                .and(AUDIT_LOG.TARGET.eq("import_batch:" + id(dry)))).getAfterState())
                .contains("\"新增\":2").contains("\"链主企业\":\"" + MatchFixtures.LEADER + "\"")
                .doesNotContain("inserts").doesNotContain("sha256");

        // the same file again: both rows are found by leader + node + spec and nothing would change
        Answer again = upload(file, "需求.xlsx", null, "lead");
        assertThat(count(again, "inserts")).isZero();
        assertThat(count(again, "updates")).isZero();
        assertThat(count(again, "unchanged")).isEqualTo(2);
        assertThat(post("/api/v1/demands/imports/" + id(again) + "/commit", Map.of(), "lead").status()).isEqualTo(200);
        assertThat(demandsOf(MatchFixtures.LEADER)).isEqualTo(before + 2);

        // a changed quantity updates the demand it names, found again by its natural key
        Object[] more = bearing();
        more[1] = 15000;
        Answer changed = upload(workbook(HEADERS, more, spindle()), "需求-改.xlsx", null, "lead");
        assertThat(count(changed, "updates")).isEqualTo(1);
        assertThat(count(changed, "unchanged")).isEqualTo(1);
        assertThat(post("/api/v1/demands/imports/" + id(changed) + "/commit", Map.of(), "lead").map()).containsEntry("status", "COMMITTED");
        assertThat(dsl.select(DEMAND.ANNUAL_QUANTITY).from(DEMAND).where(DEMAND.LEADER_CREDIT_CODE.eq(MatchFixtures.LEADER))
                .and(DEMAND.NODE_CODE.eq("BEARING")).and(DEMAND.SPEC.eq("P4级 主轴角接触球轴承")).fetchOne().value1().intValue())
                .isEqualTo(15000);
        assertThat(dsl.fetchOne(AUDIT_LOG, AUDIT_LOG.ACTION.eq("DEMAND_UPDATE").and(AUDIT_LOG.DETAIL.contains("批次 " + id(changed))))
                .getBeforeState()).contains("12000");

        // rollback, newest first: the update is put back, then the first batch's demands are gone
        Answer back = post("/api/v1/demands/imports/" + id(changed) + "/rollback", Map.of(), "lead");
        assertThat(back.map()).containsEntry("status", "ROLLED_BACK");
        assertThat(dsl.select(DEMAND.ANNUAL_QUANTITY).from(DEMAND).where(DEMAND.NODE_CODE.eq("BEARING"))
                .and(DEMAND.SPEC.eq("P4级 主轴角接触球轴承")).fetchOne().value1().intValue()).isEqualTo(12000);
        assertThat(post("/api/v1/demands/imports/" + id(dry) + "/rollback", Map.of(), "lead").map()).containsEntry("status", "ROLLED_BACK");
        assertThat(demandsOf(MatchFixtures.LEADER)).isEqualTo(before);
        assertThat(post("/api/v1/demands/imports/" + id(dry) + "/rollback", Map.of(), "lead").status()).isEqualTo(409);
    }

    /**
     * A demand sheet whose 年需求额 is computed (=年需求量×单价, 0 where nothing is entered) and filled down past the
     * last demand: those rows show 0 and nothing else, and are passed over like blank rows, not refused as demands
     * without a node.
     */
    @Test
    void rowsOfComputedAmountsFilledDownPastTheLastDemandAreNoRows() {
        Object[] good = bearing();
        good[3] = new RegistryFixtures.Formula("B3*0.08");
        Object[][] rows = new Object[6][];
        rows[0] = good;
        for (int i = 1; i < rows.length; i++) {
            rows[i] = new Object[]{null, null, null, new RegistryFixtures.Formula("B" + (i + 3) + "*0.08"), null, null, null, null,
                    null, null, null, new RegistryFixtures.Formula("100-I" + (i + 3) + "-J" + (i + 3) + "-K" + (i + 3))};
        }
        Answer dry = upload(workbook(HEADERS, rows), "公式需求.xlsx", null, "lead");
        assertThat(dry.status()).as(String.valueOf(dry.body())).isEqualTo(200);
        assertThat(count(dry, "rowsTotal")).as("rows 4–8 hold nothing but formula results").isEqualTo(1);
        assertThat(count(dry, "rowsRejected")).isZero();
        assertThat(dry.list("errors")).isEmpty();
    }

    @Test
    void everyBadRowIsReportedBySheetRowAndColumnAndNothingIsWritten() throws IOException {
        int before = demandsOf(MatchFixtures.LEADER);
        String[] headers = HEADERS.clone();
        headers[3] = "年需求额（亿元）";
        Object[] unknownNode = bearing();
        unknownNode[0] = "不存在的零件";
        Object[] otherChain = bearing();
        otherChain[0] = "海底电缆";
        Object[] split = bearing();
        split[4] = "拆分不足";
        split[10] = 20;
        Object[] badDate = bearing();
        badDate[4] = "日期不对";
        badDate[12] = "2027-13-45";
        Object[] noUnit = bearing();
        noUnit[4] = "没有单位";
        noUnit[2] = null;
        Object[] good = bearing();
        good[3] = 0.096;
        Answer dry = upload(workbook(headers, unknownNode, otherChain, split, badDate, noUnit, good), "坏行.xlsx", null, "lead");
        assertThat(dry.status()).as(String.valueOf(dry.body())).isEqualTo(200);
        assertThat(count(dry, "rowsRejected")).isEqualTo(5);
        assertThat(count(dry, "inserts")).isEqualTo(1);
        List<Map<String, Object>> errors = dry.list("errors");
        assertThat(errors).allSatisfy(e -> assertThat(e.get("sheet")).isEqualTo("需求"));
        assertThat(error(errors, 3)).containsEntry("column", "产业链节点").extractingByKey("message").asString().contains("不存在的零件");
        assertThat(error(errors, 4)).containsEntry("column", "产业链节点").extractingByKey("message").asString()
                .contains("海底电缆").contains("高端数控机床");
        assertThat(error(errors, 5)).containsEntry("column", "当前采购-同市%").extractingByKey("message").asString().contains("现为 90%");
        assertThat(error(errors, 6)).containsEntry("column", "需要日期").extractingByKey("message").asString().contains("2027-13-45");
        assertThat(error(errors, 7)).containsEntry("column", "单位").extractingByKey("message").asString().contains("单位");
        assertThat(String.valueOf(dry.map().get("notes"))).contains("按亿元读取，已换算为万元");

        // all or none: the commit refuses the batch and writes nothing
        Answer commit = post("/api/v1/demands/imports/" + id(dry) + "/commit", Map.of(), "lead");
        assertThat(commit.map()).containsEntry("status", "REJECTED");
        assertThat(commit.text("message")).contains("5 行有错误");
        assertThat(count(commit, "inserts")).as("a rejected batch inserted nothing").isZero();
        assertThat(count(commit, "updates")).isZero();
        assertThat(count(commit, "rowsRejected")).as("the row counts stay").isEqualTo(5);
        assertThat(count(commit, "rowsValid")).isEqualTo(1);
        assertThat(demandsOf(MatchFixtures.LEADER)).isEqualTo(before);

        // errors.xlsx: the bad rows as they were (numbers as numbers), each with its explanation, to fix and re-upload
        try (Workbook wb = new XSSFWorkbook(new ByteArrayInputStream(download("/api/v1/demands/imports/" + id(dry) + "/errors.xlsx", "lead")))) {
            Sheet s = wb.getSheet("需求");
            assertThat(s.getLastRowNum()).isEqualTo(5);
            assertThat(s.getRow(1).getCell(1).getCellType()).isEqualTo(CellType.NUMERIC);
            assertThat(s.getRow(1).getCell(HEADERS.length).getStringCellValue()).contains("不存在的零件");
            assertThat(s.getRow(1).getCell(HEADERS.length + 1).getNumericCellValue()).isEqualTo(3);
            assertThat(s.getDataValidations()).isNotEmpty();
        }

        // the valid row alone, with the amount in 亿元, is stored in 万元
        Answer fixed = upload(workbook(headers, good), "好行.xlsx", null, "lead");
        assertThat(post("/api/v1/demands/imports/" + id(fixed) + "/commit", Map.of(), "lead").map()).containsEntry("status", "COMMITTED");
        assertThat(dsl.select(DEMAND.ANNUAL_VALUE).from(DEMAND).where(DEMAND.LEADER_CREDIT_CODE.eq(MatchFixtures.LEADER))
                .and(DEMAND.SPEC.eq("P4级 主轴角接触球轴承")).fetch().getValues(DEMAND.ANNUAL_VALUE))
                .anySatisfy(v -> assertThat(v.doubleValue()).isEqualTo(960));
        assertThat(post("/api/v1/demands/imports/" + id(fixed) + "/rollback", Map.of(), "lead").status()).isEqualTo(200);

        // a file refused as a whole changes nothing either
        Answer picture = upload(new byte[]{(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0}, "需求.xlsx", null, "lead");
        assertThat(picture.status()).isEqualTo(422);
        assertThat(picture.text("message")).contains("PNG");
        assertThat(demandsOf(MatchFixtures.LEADER)).isEqualTo(before);
    }

    private static Map<String, Object> error(List<Map<String, Object>> errors, int row) {
        return errors.stream().filter(e -> ((Number) e.get("row")).intValue() == row).findFirst()
                .orElseThrow(() -> new AssertionError("no error on row " + row + ": " + errors));
    }

    @Test
    void aLeaderUploadsOnlyItsOwnDemandsAndABureauOnlyForItsCitysLeaders() {
        int before = demandsOf(MatchFixtures.LEADER_FS);
        byte[] file = workbook(HEADERS, bearing());
        // naming another leader: refused before anything is read
        assertThat(upload(file, "x.xlsx", "leader=" + MatchFixtures.LEADER_FS, "lead").status()).isEqualTo(403);
        // another leader's code in the file: a row error in that column
        String[] withLeader = new String[HEADERS.length + 1];
        System.arraycopy(HEADERS, 0, withLeader, 0, HEADERS.length);
        withLeader[HEADERS.length] = "链主企业统一社会信用代码";
        Object[] row = java.util.Arrays.copyOf(bearing(), HEADERS.length + 1);
        row[HEADERS.length] = MatchFixtures.LEADER_FS;
        Answer foreign = upload(workbook(withLeader, row), "x.xlsx", null, "lead");
        assertThat(count(foreign, "rowsRejected")).isEqualTo(1);
        assertThat(foreign.list("errors").get(0)).containsEntry("column", "链主企业统一社会信用代码")
                .containsEntry("code", "OTHER_LEADER");
        // the row's other mistakes are named in the same answer, not one upload later (the buyer fixes all at once)
        Object[] twice = row.clone();
        twice[6] = "火星市";
        twice[12] = "明年";
        Answer both = upload(workbook(withLeader, twice), "x.xlsx", null, "lead");
        assertThat(both.list("errors")).extracting(e -> e.get("code"))
                .containsExactlyInAnyOrder("OTHER_LEADER", "UNKNOWN_REGION", "BAD_DATE");
        // bureaus: Foshan's may not upload for a Dongguan leader, Dongguan's may
        assertThat(upload(file, "x.xlsx", "leader=" + MatchFixtures.LEADER, "fs").status()).isEqualTo(403);
        Answer dg = upload(file, "x.xlsx", "leader=" + MatchFixtures.LEADER, "dg");
        assertThat(dg.status()).isEqualTo(200);
        // another leader cannot read, commit or roll back the batch
        Answer other = get("/api/v1/demands/imports/" + id(dg), "leadfs");
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.text("message")).isEqualTo("链主企业只能查看和上传本企业的需求批次");
        assertThat(post("/api/v1/demands/imports/" + id(dg) + "/commit", Map.of(), "leadfs").status()).isEqualTo(403);
        // a demand batch is not a registry batch
        assertThat(get("/api/v1/imports/" + id(dg), "prov").status()).isEqualTo(404);
        assertThat(demandsOf(MatchFixtures.LEADER_FS)).isEqualTo(before);
    }
}

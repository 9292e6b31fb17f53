package cn.chainatlas.browser;

import cn.chainatlas.common.CreditCode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static cn.chainatlas.db.schema.Tables.ENTERPRISE;
import static cn.chainatlas.db.schema.Tables.ENTERPRISE_NODE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry pages against the briefing's contract: a city bureau finds and edits its own enterprise, is
 * refused another city's, and uploads a registry (dry run, errors, annotated download, commit, rollback).
 */
@MicronautTest
class RegistryBrowserTest extends BrowserTest {

    static final String LEADER = "91441900MA51LEAD0L";

    @Inject
    DSLContext dsl;

    static String code(String first17) {
        return first17 + CreditCode.checkChar(first17);
    }

    @Test
    void aClerkAssignsAChainNodeToAnEnterpriseTheClassifierCouldNotPlace() {
        login("dongguan", DEMO_PASSWORD);
        open("/enterprises/unclassified");
        // the demo registry has unclassified enterprises; a 东莞 clerk may assign its own city's
        String code = dsl.select(ENTERPRISE.CREDIT_CODE).from(ENTERPRISE)
                .where(ENTERPRISE.CITY_CODE.eq("441900"))
                .andNotExists(dsl.selectOne().from(ENTERPRISE_NODE).where(ENTERPRISE_NODE.CREDIT_CODE.eq(ENTERPRISE.CREDIT_CODE)))
                .limit(1).fetchOne(ENTERPRISE.CREDIT_CODE);
        assertThat(code).as("a 东莞 enterprise without a chain node in the demo registry").isNotNull();
        WebElement row = waitFor(By.cssSelector("#unclassified-table tr[data-credit-code='" + code + "']"));
        screenshot("enterprises-unclassified");
        row.findElement(By.cssSelector(".node-input")).sendKeys("BEARING");
        row.findElement(By.cssSelector(".assign")).click();
        waitForText(By.cssSelector("#unclassified-table tr[data-credit-code='" + code + "'] .assign-result.flash-success"), "轴承");
        assertThat(dsl.fetchExists(ENTERPRISE_NODE, ENTERPRISE_NODE.CREDIT_CODE.eq(code)
                .and(ENTERPRISE_NODE.NODE_CODE.eq("BEARING")))).isTrue();
        open("/enterprises/unclassified");
        waitFor(By.id("unclassified-table"));
        assertThat(all(By.cssSelector("#unclassified-table tr[data-credit-code='" + code + "']"))).isEmpty();
    }

    @Test
    void aCityBureauFindsAndEditsItsOwnEnterpriseAndTheChangeIsAudited() {
        login("dongguan", DEMO_PASSWORD);
        open("/enterprises");
        WebElement search = waitFor(By.id("enterprise-search"));
        search.findElement(By.name("q")).sendKeys(LEADER);
        search.submit();
        WebElement row = waitFor(By.cssSelector("#enterprise-table tr[data-credit-code='" + LEADER + "']"));
        screenshot("enterprises");
        row.findElement(By.tagName("a")).click();
        WebElement form = waitFor(By.id("enterprise-edit"));
        screenshot("enterprise-detail");
        WebElement products = form.findElement(By.name("mainProducts"));
        String before = products.getAttribute("value");
        products.clear();
        products.sendKeys(before + "、精密滚珠丝杠");
        click(By.id("save"));
        assertThat(waitFor(By.cssSelector(".flash-success")).isDisplayed()).isTrue();
        assertThat(dsl.select(ENTERPRISE.MAIN_PRODUCTS).from(ENTERPRISE).where(ENTERPRISE.CREDIT_CODE.eq(LEADER))
                .fetchOne(ENTERPRISE.MAIN_PRODUCTS)).contains("精密滚珠丝杠");
        screenshot("enterprise-saved");

        logout();
        login("admin", ADMIN_PASSWORD);
        open("/admin/audit?user=dongguan&target=" + LEADER);
        WebElement line = waitFor(By.cssSelector("#audit-table tbody tr"));
        assertThat(line.getText()).contains("dongguan").contains(LEADER);
    }

    @Test
    void aDongguanClerkIsRefusedEditingAFoshanEnterprise() {
        String foshan = dsl.select(ENTERPRISE.CREDIT_CODE).from(ENTERPRISE).where(ENTERPRISE.CITY_CODE.eq("440600"))
                .limit(1).fetchOne(ENTERPRISE.CREDIT_CODE);
        assertThat(foshan).as("the demo registry has 佛山 enterprises").isNotNull();
        String productsBefore = dsl.select(ENTERPRISE.MAIN_PRODUCTS).from(ENTERPRISE)
                .where(ENTERPRISE.CREDIT_CODE.eq(foshan)).fetchOne(ENTERPRISE.MAIN_PRODUCTS);
        login("dongguan", DEMO_PASSWORD);
        open("/enterprises/" + foshan);
        WebElement form = waitFor(By.id("enterprise-edit"));
        // another city's entry shows read-only, with no 保存 to press (issue 14)
        assertThat(form.findElement(By.name("mainProducts")).isEnabled()).isFalse();
        assertThat(form.findElement(By.name("name")).isEnabled()).isFalse();
        assertThat(all(By.id("save"))).isEmpty();
        assertThat(textOf(By.id("enterprise-readonly"))).contains("没有修改此企业的权限");
        screenshot("enterprise-refused");
        // the server's refusal stays: a post made anyway is answered 403 and changes nothing
        Object status = ((org.openqa.selenium.JavascriptExecutor) driver).executeAsyncScript(
                "var done = arguments[0], body = new URLSearchParams();"
                        + " body.set('mainProducts', '东莞改佛山的数据');"
                        + " body.set('csrfToken', document.querySelector('meta[name=csrf-token]').content);"
                        + " fetch(location.pathname, {method: 'POST', body: body}).then(function (r) { done(r.status); });");
        assertThat(((Number) status).intValue()).isEqualTo(403);
        assertThat(dsl.select(ENTERPRISE.MAIN_PRODUCTS).from(ENTERPRISE).where(ENTERPRISE.CREDIT_CODE.eq(foshan))
                .fetchOne(ENTERPRISE.MAIN_PRODUCTS)).isEqualTo(productsBefore);
    }

    @Test
    void twoBadFieldsAreBothReportedAtTheirFieldsAndWhatWasTypedStays() {
        String productsBefore = dsl.select(ENTERPRISE.MAIN_PRODUCTS).from(ENTERPRISE)
                .where(ENTERPRISE.CREDIT_CODE.eq(LEADER)).fetchOne(ENTERPRISE.MAIN_PRODUCTS);
        login("dongguan", DEMO_PASSWORD);
        open("/enterprises/" + LEADER);
        WebElement form = waitFor(By.id("enterprise-edit"));
        form.findElement(By.name("mainProducts")).clear();
        form.findElement(By.name("mainProducts")).sendKeys("五轴联动加工中心、精密转台");
        form.findElement(By.name("employees")).clear();
        form.findElement(By.name("employees")).sendKeys("约三百人");
        form.findElement(By.name("capacityValue")).clear();
        form.findElement(By.name("capacityValue")).sendKeys("一千二百");
        whileLeavingThePage(() -> driver.findElement(By.id("save")).click());
        // both errors, each at its field
        assertThat(textOf(By.id("error-employees"))).contains("从业人数");
        assertThat(textOf(By.id("error-capacityValue"))).contains("年产能");
        assertThat(textOf(By.cssSelector(".flash-error"))).contains("2 处");
        // and what was typed, not the stored values
        WebElement again = waitFor(By.id("enterprise-edit"));
        assertThat(again.findElement(By.name("employees")).getAttribute("value")).isEqualTo("约三百人");
        assertThat(again.findElement(By.name("capacityValue")).getAttribute("value")).isEqualTo("一千二百");
        assertThat(again.findElement(By.name("mainProducts")).getAttribute("value")).isEqualTo("五轴联动加工中心、精密转台");
        screenshot("enterprise-field-errors");
        // nothing was saved
        assertThat(dsl.select(ENTERPRISE.MAIN_PRODUCTS).from(ENTERPRISE).where(ENTERPRISE.CREDIT_CODE.eq(LEADER))
                .fetchOne(ENTERPRISE.MAIN_PRODUCTS)).isEqualTo(productsBefore);
    }

    @Test
    void aClerkStatesANodesCapacityAndABadQuantityKeepsThatNodeChosenAndSavesNothing() {
        // a 东莞 enterprise classified to two or more nodes, so that "that node" is not simply the first one
        var two = dsl.select(ENTERPRISE_NODE.CREDIT_CODE).from(ENTERPRISE_NODE).join(ENTERPRISE)
                .on(ENTERPRISE.CREDIT_CODE.eq(ENTERPRISE_NODE.CREDIT_CODE)).where(ENTERPRISE.CITY_CODE.eq("441900"))
                .groupBy(ENTERPRISE_NODE.CREDIT_CODE).having(org.jooq.impl.DSL.count().ge(2)).limit(1).fetchOne(ENTERPRISE_NODE.CREDIT_CODE);
        assertThat(two).as("the demo registry has a 东莞 enterprise of two nodes").isNotNull();
        var capacity = cn.chainatlas.db.schema.Tables.ENTERPRISE_NODE_CAPACITY;
        login("dongguan", DEMO_PASSWORD);
        open("/enterprises/" + two);
        WebElement form = waitFor(By.id("node-capacity-form"));
        Select node = new Select(form.findElement(By.name("node")));
        node.selectByIndex(1);
        String chosen = node.getFirstSelectedOption().getAttribute("value");
        form.findElement(By.name("quantity")).sendKeys("很多");
        form.findElement(By.name("unit")).sendKeys("套");
        whileLeavingThePage(() -> driver.findElement(By.id("save-node-capacity")).click());
        assertThat(textOf(By.cssSelector(".flash-error"))).contains("年产能");
        // the form opens again on the node the clerk was stating, not the first one
        assertThat(new Select(waitFor(By.id("node-capacity-form")).findElement(By.name("node")))
                .getFirstSelectedOption().getAttribute("value")).isEqualTo(chosen);
        assertThat(dsl.fetchExists(capacity, capacity.CREDIT_CODE.eq(two).and(capacity.NODE_CODE.eq(chosen)))).isFalse();

        form = waitFor(By.id("node-capacity-form"));
        form.findElement(By.name("quantity")).sendKeys("1200");
        form.findElement(By.name("unit")).sendKeys("套");
        whileLeavingThePage(() -> driver.findElement(By.id("save-node-capacity")).click());
        assertThat(textOf(By.cssSelector(".flash-success"))).contains("环节年产能已保存");
        assertThat(dsl.select(capacity.QUANTITY).from(capacity).where(capacity.CREDIT_CODE.eq(two)).and(capacity.NODE_CODE.eq(chosen))
                .fetchOne(capacity.QUANTITY)).isEqualByComparingTo("1200");
    }

    @Test
    void aLeaderSeesOtherEnterprisesReadOnlyAndEditsOnlyItsProfileFields() {
        String other = dsl.select(ENTERPRISE.CREDIT_CODE).from(ENTERPRISE).where(ENTERPRISE.CITY_CODE.eq("441900"))
                .and(ENTERPRISE.CREDIT_CODE.ne(LEADER)).limit(1).fetchOne(ENTERPRISE.CREDIT_CODE);
        login("leader", DEMO_PASSWORD);
        open("/enterprises/" + other);
        WebElement form = waitFor(By.id("enterprise-edit"));
        assertThat(form.findElement(By.name("mainProducts")).isEnabled()).isFalse();
        assertThat(all(By.id("save"))).isEmpty();
        open("/enterprises/" + LEADER);
        form = waitFor(By.id("enterprise-edit"));
        assertThat(form.findElement(By.name("mainProducts")).isEnabled()).isTrue();
        assertThat(form.findElement(By.name("name")).isEnabled()).isFalse();
        assertThat(waitFor(By.id("save")).isDisplayed()).isTrue();
    }

    @Test
    void aSearchForANodesNameListsTheEnterprisesOfThatNodeFirstAndSaysWhichIsWhich() {
        login("province", DEMO_PASSWORD);
        open("/enterprises?city=all&q=" + java.net.URLEncoder.encode("电主轴", java.nio.charset.StandardCharsets.UTF_8));
        String heading = textOf(By.cssSelector("#node-hits h2"));
        assertThat(heading).contains("归类到「电主轴」环节的企业");
        List<WebElement> hits = all(By.cssSelector("#node-hit-table tbody tr"));
        assertThat(hits).isNotEmpty();
        // every one of them is classified to 电主轴, whatever its name says (风电主轴 makers are not)
        hits.forEach(r -> assertThat(r.getText()).contains("电主轴"));
        assertThat(textOf(By.id("text-hits"))).contains("其他企业");
        // a row is listed once: the text matches below leave out the node's own enterprises
        String first = hits.get(0).getAttribute("data-credit-code");
        assertThat(all(By.cssSelector("#enterprise-table tr[data-credit-code='" + first + "']"))).isEmpty();
        // the counts are of what is listed: the node's enterprises in its heading, the other matches in 共 N 家
        int listed = all(By.cssSelector("#enterprise-table tbody tr")).size();
        String total = textOf(By.id("enterprise-total"));
        java.util.regex.Matcher n = java.util.regex.Pattern.compile("共 (\\d+) 家").matcher(total);
        assertThat(n.find()).as(total).isTrue();
        if (all(By.cssSelector(".pager a")).stream().noneMatch(a -> a.getText().contains("下一页"))) {
            assertThat(Integer.parseInt(n.group(1))).as("共 N 家 against the rows listed: " + total).isEqualTo(listed);
        } else {
            assertThat(listed).isEqualTo(50);
        }
        assertThat(total).contains("电主轴");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("（(\\d+) 家）").matcher(heading);
        assertThat(m.find()).as(heading).isTrue();
        if (hits.size() < 50) {
            assertThat(Integer.parseInt(m.group(1))).isEqualTo(hits.size());
        }
        screenshot("enterprises-node-first");
    }

    @Test
    void aCityBureauUploadsARegistryReadsTheErrorsCommitsAndRollsBack() throws IOException {
        String good1 = code("91441900MA5BRW001");
        String good2 = code("91441900MA5BRW002");
        String right = code("91441900MA5BRW003");
        char wrongCheck = right.charAt(17) == '1' ? '2' : '1';
        String bad = right.substring(0, 17) + wrongCheck;
        Path xlsx = sheet("registry-", new String[][]{
                {"统一社会信用代码", "企业名称", "所在地市", "主营产品"},
                {good1, "东莞测试精密丝杠有限公司", "东莞", "精密滚珠丝杠、直线导轨"},
                {good2, "东莞测试电主轴科技有限公司", "东莞", "高速电主轴"},
                {bad, "东莞测试错码有限公司", "东莞", "数控转台"},
        });

        login("dongguan", DEMO_PASSWORD);
        open("/imports");
        WebElement form = waitFor(By.id("upload-form"));
        form.findElement(By.name("file")).sendKeys(xlsx.toAbsolutePath().toString());
        List<WebElement> citySelect = form.findElements(By.name("city"));
        if (!citySelect.isEmpty() && citySelect.get(0).getTagName().equals("select") && citySelect.get(0).isEnabled()) {
            Select city = new Select(citySelect.get(0));
            city.getOptions().stream().filter(o -> o.getText().contains("东莞") || "441900".equals(o.getAttribute("value")))
                    .findFirst().ifPresent(o -> city.selectByValue(o.getAttribute("value")));
        }
        screenshot("imports");
        click(By.id("upload"));

        // the result is drawn while the batch runs and again when it is done: wait for the finished state
        waitForText(By.id("error-table"), bad);
        // the clerk reads the Chinese explanation; the machine code (CREDIT_CODE_CHECK) is no column of the page
        assertThat(textOf(By.id("error-table"))).contains("校验位").doesNotContain("CREDIT_CODE_CHECK").doesNotContain("错误代码");
        assertThat(driver.findElement(By.cssSelector("#error-table tbody tr")).getAttribute("data-code")).isEqualTo("CREDIT_CODE_CHECK");
        assertThat(textOf(By.id("rows-rejected"))).isEqualTo("1");
        assertThat(textOf(By.id("rows-total"))).isEqualTo("3");
        assertThat(textOf(By.id("rows-valid"))).isEqualTo("2");
        // the new batch joins the history as 预检完成 without the page reloading under the clerk
        String batchId = eventually(d -> d.findElement(By.id("commit-batch")).getAttribute("data-batch"));
        By historyRow = By.cssSelector("#batch-history tr[data-batch='" + batchId + "']");
        waitForText(historyRow, "预检完成");
        screenshot("import-dry-run");

        click(By.id("errors-download"));
        Path annotated = waitForDownload(".xlsx");
        try (InputStream in = Files.newInputStream(annotated); Workbook wb = WorkbookFactory.create(in)) {
            StringBuilder all = new StringBuilder();
            wb.getSheetAt(0).forEach(r -> r.forEach(c -> all.append(c.toString()).append('|')));
            assertThat(all.toString()).contains(bad);
        }
        assertThat(dsl.fetchExists(ENTERPRISE, ENTERPRISE.CREDIT_CODE.eq(good1))).as("a dry run writes nothing").isFalse();
        // the result is still on screen after the download: nothing reloaded it away
        assertThat(waitFor(By.id("dry-run-result")).isDisplayed()).isTrue();

        click(By.id("commit-batch"));
        waitForText(By.id("result-title"), "已提交");
        waitFor(By.id("commit-message"));
        assertThat(textOf(By.id("inserts"))).isEqualTo("2");
        assertThat(dsl.fetchExists(ENTERPRISE, ENTERPRISE.CREDIT_CODE.eq(good1))).isTrue();
        assertThat(dsl.fetchExists(ENTERPRISE, ENTERPRISE.CREDIT_CODE.eq(bad))).isFalse();
        waitForText(historyRow, "已提交");
        screenshot("import-committed");

        click(By.cssSelector("#batch-history tr[data-batch='" + batchId + "'] .rollback"));
        acceptConfirmation();
        waitForText(historyRow, "已回滚");
        assertThat(dsl.fetchExists(ENTERPRISE, ENTERPRISE.CREDIT_CODE.eq(good1))).isFalse();
        assertThat(dsl.fetchExists(ENTERPRISE, ENTERPRISE.CREDIT_CODE.eq(good2))).isFalse();
        assertThat(all(By.cssSelector("#batch-history tr[data-batch='" + batchId + "'] .rollback"))).isEmpty();
        screenshot("import-rolled-back");
    }

    /**
     * 全部或全不 ticked, a bad row, then 提交: the batch is refused as a whole, and the page said 新增 2 and
     * 已导入：2 / 0 although nothing went in. It shows 0 and the refusal's own words.
     */
    @Test
    void anAllOrNothingUploadWithABadRowIsShownAsRefusedWithNothingImported() throws IOException {
        String good = code("91441900MA5BRW004");
        String right = code("91441900MA5BRW005");
        String bad = right.substring(0, 17) + (right.charAt(17) == '1' ? '2' : '1');
        Path xlsx = sheet("registry-aon-", new String[][]{
                {"统一社会信用代码", "企业名称", "所在地市", "主营产品"},
                {good, "东莞全部或全不丝杠有限公司", "东莞", "精密滚珠丝杠"},
                {bad, "东莞全部或全不错码有限公司", "东莞", "数控转台"},
        });
        login("dongguan", DEMO_PASSWORD);
        open("/imports");
        WebElement form = waitFor(By.id("upload-form"));
        form.findElement(By.name("file")).sendKeys(xlsx.toAbsolutePath().toString());
        WebElement allOrNothing = form.findElement(By.name("allOrNothing"));
        if (!allOrNothing.isSelected()) {
            allOrNothing.click();
        }
        click(By.id("upload"));
        waitForText(By.id("error-table"), bad);
        String batchId = eventually(d -> d.findElement(By.id("commit-batch")).getAttribute("data-batch"));

        click(By.id("commit-batch"));
        waitForText(By.id("result-title"), "已拒绝");
        waitForText(By.id("commit-message"), "未导入任何数据");
        assertThat(textOf(By.id("commit-message"))).doesNotContain("已导入");
        assertThat(textOf(By.id("inserts"))).isEqualTo("0");
        assertThat(textOf(By.id("updates"))).isEqualTo("0");
        assertThat(textOf(By.id("rows-valid"))).isEqualTo("1");
        assertThat(textOf(By.id("rows-rejected"))).isEqualTo("1");
        By historyRow = By.cssSelector("#batch-history tr[data-batch='" + batchId + "']");
        waitForText(historyRow, "已拒绝");
        assertThat(dsl.fetchExists(ENTERPRISE, ENTERPRISE.CREDIT_CODE.eq(good))).isFalse();
        screenshot("import-all-or-nothing-refused");
    }

    /** A one-sheet workbook (企业名录) of these text rows, the first the header, in a temporary file. */
    private static Path sheet(String prefix, String[][] rows) throws IOException {
        Path xlsx = Files.createTempFile(prefix, ".xlsx");
        try (Workbook wb = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(xlsx)) {
            Sheet sheet = wb.createSheet("企业名录");
            for (int i = 0; i < rows.length; i++) {
                Row row = sheet.createRow(i);
                for (int j = 0; j < rows[i].length; j++) {
                    row.createCell(j).setCellValue(rows[i][j]);
                }
            }
            wb.write(out);
        }
        return xlsx;
    }
}

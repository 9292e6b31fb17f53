package cn.chainatlas.browser;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static cn.chainatlas.db.schema.Tables.DEMAND;
import static cn.chainatlas.db.schema.Tables.IMPORT_BATCH;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * 我的需求's workbook upload in a browser, as the demo leader's buyer does it: a small workbook (made here with POI,
 * nothing downloaded) is uploaded, the dry run shows what it would do and writes nothing, the commit writes it and
 * the list shows the new demands.
 */
@MicronautTest
class DemandUploadBrowserTest extends BrowserTest {

    @Inject
    DSLContext dsl;

    @Test
    void aLeaderUploadsADemandWorkbookSeesTheDryRunCommitsAndSeesItsDemandsListed() throws Exception {
        Path file = Files.createTempFile("需求-", ".xlsx");
        try (Workbook wb = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(file)) {
            Sheet s = wb.createSheet("需求");
            String[] h = {"产业链节点", "年需求量", "单位", "年需求额（万元）", "规格/等级要求", "当前采购-同市%",
                    "当前采购-省内其他市%", "当前采购-外省%", "当前采购-进口%", "需要日期"};
            Row header = s.createRow(0);
            for (int i = 0; i < h.length; i++) {
                header.createCell(i).setCellValue(h[i]);
            }
            Object[][] rows = {{"数控转台", 300, "台", 900, "浏览器上传：四轴数控转台，分度精度 ±5″", 0, 20, 30, 50, "2030-06-30"},
                    {"刀库", 300, "套", 450, "浏览器上传：斗笠式刀库 24 把", 10, 40, 50, 0, "2030-09-30"}};
            for (int r = 0; r < rows.length; r++) {
                Row row = s.createRow(r + 1);
                for (int i = 0; i < rows[r].length; i++) {
                    if (rows[r][i] instanceof Number n) {
                        row.createCell(i).setCellValue(n.doubleValue());
                    } else {
                        row.createCell(i).setCellValue(rows[r][i].toString());
                    }
                }
            }
            wb.write(out);
        }
        try {
            login("leader", DEMO_PASSWORD);
            click(By.id("nav-demands"));
            waitFor(By.id("demand-upload-form"));
            assertThat(driver.findElement(By.id("demand-template")).getAttribute("href")).endsWith("/api/v1/demands/template.xlsx");
            int before = dsl.fetchCount(DEMAND);

            driver.findElement(By.id("demand-file")).sendKeys(file.toAbsolutePath().toString());
            click(By.id("demand-upload-button"));
            // the dry run's report, or the refusal (shown, so that a failure here says why)
            String shown = eventually(d -> {
                String counts = d.findElement(By.id("demand-upload-counts")).getText();
                String error = d.findElement(By.id("demand-upload-error")).getText();
                return counts.contains("新增") || !error.isBlank() ? counts + error : null;
            });
            assertThat(shown).as("scripts: %s", scriptErrors()).contains("新增 2 条");
            assertThat(textOf(By.id("demand-upload-title"))).contains("预检结果");
            assertThat(textOf(By.id("demand-upload-counts"))).contains("有错误 0 行");
            assertThat(dsl.fetchCount(DEMAND)).isEqualTo(before);
            screenshot("demand-upload-dry-run");

            whileLeavingThePage(() -> driver.findElement(By.id("demand-upload-commit")).click());
            waitFor(By.id("demand-table"));
            waitForText(By.id("demand-upload-title"), "已提交");
            // the notice above the list, worded by the server from the batch
            assertThat(textOf(By.cssSelector(".flash-success"))).contains("已提交").contains("新增 2 条");
            assertThat(textOf(By.id("demand-table"))).contains("数控转台").contains("浏览器上传：斗笠式刀库 24 把");
            assertThat(dsl.fetchCount(DEMAND)).isEqualTo(before + 2);
            assertThat(driver.findElement(By.id("demand-upload-rollback")).isDisplayed()).isTrue();
            assertThat(scriptErrors()).isEmpty();
            screenshot("demand-upload-committed");

            // the batch is in 最近的上传批次 as 已提交; one left 中断 by a restart runs again from its kept file there
            String committed = eventually(d -> d.findElement(By.cssSelector("#demand-batch-table tbody tr")).getAttribute("data-batch"));
            By committedRow = By.cssSelector("#demand-batch-table tr[data-batch='" + committed + "']");
            waitForText(committedRow, "已提交");
            assertThat(all(By.cssSelector("#demand-batch-table tr[data-batch='" + committed + "'] .rerun"))).isEmpty();
            long id = Long.parseLong(committed);
            dsl.update(IMPORT_BATCH).set(IMPORT_BATCH.STATUS, "INTERRUPTED").set(IMPORT_BATCH.DRY_RUN, true)
                    .where(IMPORT_BATCH.ID.eq(id)).execute();
            driver.navigate().refresh();
            By rerun = By.cssSelector("#demand-batch-table tr[data-batch='" + committed + "'] .rerun");
            waitForText(committedRow, "中断");
            click(rerun);
            acceptConfirmation();
            waitForText(By.id("demand-upload-title"), "预检结果");
            waitForText(committedRow, "预检完成");
            assertThat(all(rerun)).as("a batch run again is no longer 中断").isEmpty();
            assertThat(dsl.fetchCount(DEMAND)).as("run again as the dry run it now is: nothing more written").isEqualTo(before + 2);
            assertThat(scriptErrors()).isEmpty();
            screenshot("demand-upload-rerun");
        } finally {
            Files.deleteIfExists(file);
        }
    }
}

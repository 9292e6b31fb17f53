package cn.chainatlas.report;

import cn.chainatlas.browser.BrowserTest;
import cn.chainatlas.chain.ReportFixtures;
import cn.chainatlas.common.Role;
import cn.chainatlas.testing.TestUsers;
import io.micronaut.context.ApplicationContext;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Pdf;
import org.openqa.selenium.PrintsPage;
import org.openqa.selenium.print.PrintOptions;
import org.openqa.selenium.support.ui.Select;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A city bureau takes its region's report from the chain page: the print view (printed to PDF by Chromium as a
 * person would with 另存为 PDF), the workbook under its Chinese name, and the history that lists both.
 */
@MicronautTest
class ReportBrowserTest extends BrowserTest {

    static final String PASSWORD = "report-browser-pw";

    @Inject
    ApplicationContext context;
    @Inject
    DSLContext dsl;

    @Override
    protected String seedMode() {
        return "none";
    }

    @BeforeAll
    void data() {
        ReportFixtures.load(context);
        TestUsers.create(dsl, "dg", PASSWORD, Role.CITY, "441900", null);
    }

    @Test
    void printViewPrintsAsAnA4ReportAndDownloadsKeepTheirChineseNames() throws Exception {
        login("dg", PASSWORD);
        open("/chains/MINI");
        new Select(waitFor(By.id("region-select"))).selectByValue("东莞");
        eventually(d -> d.findElement(By.id("report-print")).getAttribute("href").contains("region=%E4%B8%9C%E8%8E%9E"));
        click(By.id("report-print"));
        assertThat(waitForText(By.id("report-title"), "迷你机床链").getText()).isEqualTo("迷你机床链产业链缺口报告");
        assertThat(textOf(By.cssSelector("#report-gaps tr[data-node='SPINDLE']"))).contains("电主轴", "卡脖子");
        assertThat(all(By.cssSelector("#report-gaps tbody tr"))).hasSize(8);
        // the city's bureau reads its leaders' demands: the 供需对接 figures are in its report
        assertThat(textOf(By.id("report-matchmaking"))).contains("对接记录 0 条", "本地配套率");
        assertThat(scriptErrors()).isEmpty();

        PrintOptions a4 = new PrintOptions();
        a4.setPageSize(new org.openqa.selenium.print.PageSize(29.7, 21.0));
        Pdf pdf = ((PrintsPage) driver).print(a4);
        byte[] bytes = Base64.getDecoder().decode(pdf.getContent());
        try (PDDocument doc = Loader.loadPDF(bytes)) {
            PDFTextStripper stripper = new PDFTextStripper();
            // a title page of its own, then the sections
            assertThat(doc.getNumberOfPages()).isGreaterThanOrEqualTo(2);
            stripper.setStartPage(1);
            stripper.setEndPage(1);
            assertThat(stripper.getText(doc)).contains("迷你机床链产业链缺口报告", "供链长会议参阅").doesNotContain("一、产业链概况");
            stripper.setStartPage(1);
            stripper.setEndPage(doc.getNumberOfPages());
            String text = stripper.getText(doc);
            assertThat(text).contains("迷你机床链产业链缺口报告", "东莞", "一、产业链概况", "二、主要缺口及原因", "电主轴", "方法说明");
            // the toolbar is for the screen only
            assertThat(text).doesNotContain("打印 / 另存为 PDF", "下载 Excel");
        }

        // on a phone the report reads without sideways scrolling of the page itself
        driver.manage().window().setSize(new Dimension(390, 844));
        eventually(d -> (Boolean) ((JavascriptExecutor) d).executeScript(
                "return document.documentElement.scrollWidth <= window.innerWidth + 1"));

        driver.manage().window().setSize(new Dimension(1280, 900));
        click(By.id("download-xlsx"));
        Path file = waitForDownload(".xlsx");
        assertThat(file.getFileName().toString()).isEqualTo("迷你机床链-东莞-缺口报告-" + LocalDate.now() + ".xlsx");

        open("/reports");
        assertThat(textOf(By.id("report-history"))).contains("迷你机床链-东莞-缺口报告-" + LocalDate.now() + ".xlsx");
        assertThat(scriptErrors()).isEmpty();
    }
}

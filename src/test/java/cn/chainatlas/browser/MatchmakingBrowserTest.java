package cn.chainatlas.browser;

import cn.chainatlas.common.CreditCode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import static cn.chainatlas.db.schema.Tables.DEMAND;
import static cn.chainatlas.db.schema.Tables.MATCHMAKING_RECORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * 供需对接 in a browser on the demo data: the leader shortlists the P4 bearing maker for its bearing demand and moves the
 * record through 已联系, 送样测试 and 小批量 to 批量供货 on the record page (the timeline grows); the Dongguan bureau reads it
 * on the board, and the figures page draws its charts; the pages fit a 390 px phone.
 */
@MicronautTest
class MatchmakingBrowserTest extends BrowserTest {

    static final String LEADER = "91441900MA51LEAD0L";
    static final String P4_MAKER = code("91441900MA5DBR001");

    @Inject
    DSLContext dsl;

    static String code(String first17) {
        return first17 + CreditCode.checkChar(first17);
    }

    private void moveTo(String stage, String quantity, String value) {
        WebElement form = waitFor(By.cssSelector("form.move-form"));
        new Select(form.findElement(By.name("stage"))).selectByValue(stage);
        if (quantity != null) {
            form.findElement(By.name("quantity")).sendKeys(quantity);
            form.findElement(By.name("valueWan")).sendKeys(value);
        }
        whileLeavingThePage(() -> driver.findElement(By.cssSelector("form.move-form .move-submit")).click());
        waitFor(By.id("flash-success"));
    }

    private String selectedStage() {
        return new Select(waitFor(By.cssSelector("form.move-form")).findElement(By.name("stage"))).getFirstSelectedOption()
                .getAttribute("value");
    }

    @Test
    void aLeaderMovesARecordFromShortlistToSupplyAndTheBureauReadsTheBoard() {
        long demand = dsl.select(DEMAND.ID).from(DEMAND).where(DEMAND.LEADER_CREDIT_CODE.eq(LEADER)).and(DEMAND.NODE_CODE.eq("BEARING"))
                .orderBy(DEMAND.ID).limit(1).fetchOne(DEMAND.ID);
        login("leader", DEMO_PASSWORD);
        open("/demands/" + demand + "/matches");
        By add = By.cssSelector("#match-list li[data-credit-code='" + P4_MAKER + "'] .add-shortlist");
        whileLeavingThePage(() -> waitFor(add).click());
        waitFor(By.cssSelector("#shortlist-table tr[data-credit-code='" + P4_MAKER + "']"));
        assertThat(textOf(By.cssSelector("#shortlist-table tr[data-credit-code='" + P4_MAKER + "']"))).contains("已入围");
        whileLeavingThePage(() -> driver.findElement(By.cssSelector("#shortlist-table tr[data-credit-code='" + P4_MAKER + "'] .record-link")).click());
        waitFor(By.cssSelector("form.move-form"));
        screenshot("matchmaking-record");
        // the form offers the stage after the current one, not always 已入围
        assertThat(selectedStage()).isEqualTo("CONTACTED");

        moveTo("CONTACTED", null, null);
        assertThat(selectedStage()).isEqualTo("SAMPLING");
        moveTo("SAMPLING", null, null);
        moveTo("TRIAL", null, null);
        // 批量供货 without figures: the field's message, nothing moved
        WebElement form = waitFor(By.cssSelector("form.move-form"));
        new Select(form.findElement(By.name("stage"))).selectByValue("SUPPLYING");
        whileLeavingThePage(() -> driver.findElement(By.cssSelector("form.move-form .move-submit")).click());
        assertThat(waitFor(By.id("flash-error")).getText()).contains("年供货");
        assertThat(textOf(By.id("stage-label"))).contains("小批量");
        moveTo("SUPPLYING", "6000", "480");
        assertThat(textOf(By.id("stage-label"))).contains("批量供货");
        long id = dsl.select(MATCHMAKING_RECORD.ID).from(MATCHMAKING_RECORD).where(MATCHMAKING_RECORD.DEMAND_ID.eq(demand))
                .and(MATCHMAKING_RECORD.SUPPLIER_CREDIT_CODE.eq(P4_MAKER)).fetchOne(MATCHMAKING_RECORD.ID);
        assertThat(all(By.cssSelector("#timeline-" + id + " li"))).hasSize(5);
        assertThat(textOf(By.id("supply"))).contains("6,000").contains("480");
        screenshot("matchmaking-supplying");
        assertThat(scriptErrors()).isEmpty();
        // the leader has no board
        assertThat(all(By.id("nav-board"))).isEmpty();
        logout();

        login("dongguan", DEMO_PASSWORD);
        click(By.id("nav-board"));
        WebElement column = waitFor(By.cssSelector("#board .column[data-stage='SUPPLYING']"));
        assertThat(column.findElements(By.cssSelector(".board-record[data-record='" + id + "']"))).hasSize(1);
        assertThat(column.getText()).contains("轴承");
        screenshot("matchmaking-board");
        click(By.id("nav-figures"));
        waitFor(By.id("figures-table"));
        eventually(d -> ((JavascriptExecutor) d).executeScript(
                "return document.querySelector('#rate-chart canvas') != null && document.querySelector('#funnel-chart canvas') != null;"));
        screenshot("matchmaking-figures");
        // a figure of 0 links nowhere (it used to open the board with every record); the others open their records
        assertThat(all(By.cssSelector("#figures-table span[data-figure='started']"))).isNotEmpty();
        assertThat(all(By.cssSelector("#figures-table a[data-figure]")).stream().map(WebElement::getText)).doesNotContain("0");
        assertThat(scriptErrors()).isEmpty();
        assertThat(cspViolations()).isEmpty();

        driver.manage().window().setSize(new Dimension(390, 844));
        try {
            for (String page : new String[]{"/matchmaking/" + id, "/matchmaking/board", "/matchmaking/figures", "/activities"}) {
                open(page);
                waitFor(By.tagName("h1"));
                long width = (Long) ((JavascriptExecutor) driver).executeScript("return document.documentElement.scrollWidth;");
                long viewport = (Long) ((JavascriptExecutor) driver).executeScript("return window.innerWidth;");
                assertThat(width).as(page + " fits a 390 px screen").isLessThanOrEqualTo(viewport);
            }
            screenshot("matchmaking-activities-390");
        } finally {
            driver.manage().window().setSize(new Dimension(1400, 1000));
        }
    }
}

package cn.chainatlas.matchmaking;

import cn.chainatlas.browser.BrowserTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The province opens the bearing node's allocation on the demo data at 390 px: nothing is wider than the screen, the
 * proposal and its figures show, and 加入候选（已入围） answers in Chinese whether or not the matchmaking endpoint is
 * there (before the matchmaking records are merged it is not: the page says so instead of a bare 404). The 补链
 * target list fits too and links back.
 */
@MicronautTest
class AllocationBrowserTest extends BrowserTest {

    private void fits(String page) {
        long width = (Long) ((JavascriptExecutor) driver).executeScript("return document.documentElement.scrollWidth;");
        long viewport = (Long) ((JavascriptExecutor) driver).executeScript("return window.innerWidth;");
        assertThat(width).as(page + " fits a 390 px screen").isLessThanOrEqualTo(viewport);
    }

    @Test
    void theProvinceReadsTheAllocationOnAPhoneAndProposesOne() {
        login("province", DEMO_PASSWORD);
        driver.manage().window().setSize(new Dimension(390, 844));
        try {
            open("/chains/CNC/allocation?node=BEARING");
            waitFor(By.id("assignments"));
            assertThat(textOf(By.tagName("h1"))).contains("配套分配", "轴承", "广东省");
            assertThat(textOf(By.id("allocation-figures"))).contains("覆盖率");
            fits("/chains/CNC/allocation?node=BEARING");
            screenshot("allocation-390");

            click(By.cssSelector("#assignments button.propose"));
            String said = eventually(d -> {
                var flash = d.findElement(By.id("allocation-flash"));
                String t = flash.getText();
                return flash.isDisplayed() && !t.isBlank() && !t.contains("正在提交") ? t : null;
            });
            assertThat(said).containsAnyOf("已加入候选（已入围）", "对接记录功能尚未启用");
            assertThat(said).doesNotContain("404");
            fits("/chains/CNC/allocation?node=BEARING after proposing");
            assertThat(scriptErrors()).isEmpty();
            assertThat(cspViolations()).isEmpty();

            open("/chains/CNC/gap-targets");
            waitFor(By.tagName("h1"));
            assertThat(textOf(By.tagName("h1"))).contains("补链目标", "高端数控机床");
            fits("/chains/CNC/gap-targets");
            screenshot("gap-targets-390");

            open("/coverage");
            waitFor(By.id("to-gap-targets"));
            fits("/coverage");
        } finally {
            driver.manage().window().setSize(new Dimension(1400, 1000));
        }
    }

    @Test
    void aLeaderIsKeptOut() {
        login("leader", DEMO_PASSWORD);
        open("/chains/CNC/allocation?node=BEARING");
        waitFor(By.tagName("h1"));
        assertThat(driver.getPageSource()).contains("仅对工信部门开放").doesNotContain("assignments");
    }
}

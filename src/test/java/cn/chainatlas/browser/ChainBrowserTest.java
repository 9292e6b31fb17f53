package cn.chainatlas.browser;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chain pages as a bureau clerk and a chain leader use them, against the page contract of the briefing
 * (a.chain-link, #chain-graph, #region-select, #gap-table tr[data-node], #gap-filter, #node-panel).
 */
@MicronautTest
class ChainBrowserTest extends BrowserTest {

    @Test
    void aClerkOpensAChainItsGraphAndANodesFigures() {
        login("dongguan", DEMO_PASSWORD);
        open("/chains");
        List<WebElement> links = new WebDriverWait(driver, Duration.ofSeconds(15))
                .until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("a.chain-link"), 7));
        assertThat(links).extracting(l -> l.getAttribute("href")).anyMatch(h -> h.endsWith("/chains/CNC"));
        screenshot("chains");

        driver.findElement(By.cssSelector("a.chain-link[href$='/chains/CNC']")).click();
        WebElement graph = waitFor(By.id("chain-graph"));
        // ECharts draws into a canvas inside the container once the data arrived
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> !graph.findElements(By.tagName("canvas")).isEmpty());
        List<WebElement> rows = new WebDriverWait(driver, Duration.ofSeconds(15))
                .until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("#gap-table tr[data-node]"), 3));
        assertThat(rows).extracting(r -> r.getAttribute("data-node")).contains("CNC_SYSTEM");
        screenshot("chain-graph");

        WebElement row = driver.findElement(By.cssSelector("#gap-table tr[data-node='CNC_SYSTEM']"));
        String rowText = row.getText();
        row.click();
        WebElement panel = new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> {
            WebElement p = d.findElement(By.id("node-panel"));
            return p.isDisplayed() && p.getText().contains("数控系统") ? p : null;
        });
        assertThat(panel.getText()).containsPattern("\\d");
        assertThat(rowText).contains("数控系统");
        screenshot("chain-node");
    }

    @Test
    void theGapTableFollowsTheRegionAndTheFilter() {
        login("province", DEMO_PASSWORD);
        open("/chains/CNC");
        waitFor(By.cssSelector("#gap-table tr[data-node]"));
        Select region = new Select(waitFor(By.id("region-select")));
        assertThat(region.getOptions()).extracting(o -> o.getAttribute("value")).contains("province", "东莞");
        region.selectByValue("东莞");
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> !d.findElements(By.cssSelector("#gap-table tr[data-node]")).isEmpty());
        screenshot("chain-graph-dongguan");

        WebElement filter = driver.findElement(By.id("gap-filter"));
        filter.sendKeys("轴承");
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> d.findElements(By.cssSelector("#gap-table tr[data-node]"))
                .stream().filter(WebElement::isDisplayed).allMatch(r -> r.getText().contains("轴承")));
        assertThat(driver.findElements(By.cssSelector("#gap-table tr[data-node]")).stream().filter(WebElement::isDisplayed))
                .isNotEmpty();
    }

    @Test
    void aChainLeaderSeesTheChains() {
        login("leader", DEMO_PASSWORD);
        open("/chains");
        waitFor(By.cssSelector("a.chain-link"));
        driver.findElement(By.cssSelector("a.chain-link[href$='/chains/OFFSHORE']")).click();
        waitFor(By.id("chain-graph"));
        assertThat(new WebDriverWait(driver, Duration.ofSeconds(15))
                .until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("#gap-table tr[data-node]"), 0)))
                .isNotEmpty();
    }
}

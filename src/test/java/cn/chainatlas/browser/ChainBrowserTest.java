package cn.chainatlas.browser;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

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
        List<WebElement> links = eventually(d -> {
            List<WebElement> found = d.findElements(By.cssSelector("a.chain-link"));
            return found.size() > 7 ? found : null;
        });
        assertThat(links).extracting(l -> l.getAttribute("href")).anyMatch(h -> h.endsWith("/chains/CNC"));
        screenshot("chains");

        click(By.cssSelector("a.chain-link[href$='/chains/CNC']"));
        // ECharts draws into a canvas inside the container once the data arrived
        eventually(d -> !d.findElements(By.cssSelector("#chain-graph canvas")).isEmpty());
        List<WebElement> rows = eventually(d -> {
            List<WebElement> found = d.findElements(By.cssSelector("#gap-table tr[data-node]"));
            return found.size() > 3 ? found : null;
        });
        assertThat(rows).extracting(r -> r.getAttribute("data-node")).contains("CNC_SYSTEM");
        screenshot("chain-graph");

        String rowText = textOf(By.cssSelector("#gap-table tr[data-node='CNC_SYSTEM']"));
        click(By.cssSelector("#gap-table tr[data-node='CNC_SYSTEM']"));
        WebElement panel = waitForText(By.id("node-panel"), "数控系统");
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
        eventually(d -> !d.findElements(By.cssSelector("#gap-table tr[data-node]")).isEmpty());
        screenshot("chain-graph-dongguan");

        // the filter finds a node by its name or an alias, never by words of the reasons
        waitFor(By.id("gap-filter")).sendKeys("光栅尺");
        eventually(d -> d.findElements(By.cssSelector("#gap-table tr[data-node]")).stream()
                .map(r -> r.getAttribute("data-node")).toList().equals(List.of("GRATING_SCALE")));
        WebElement filter = driver.findElement(By.id("gap-filter"));
        filter.clear();
        filter.sendKeys("即判为");
        eventually(d -> d.findElements(By.cssSelector("#gap-table tr[data-node]")).isEmpty());
    }

    @Test
    void aChainLeaderSeesTheChains() {
        login("leader", DEMO_PASSWORD);
        open("/chains");
        waitFor(By.cssSelector("a.chain-link"));
        click(By.cssSelector("a.chain-link[href$='/chains/OFFSHORE']"));
        waitFor(By.id("chain-graph"));
        waitFor(By.cssSelector("#gap-table tr[data-node]"));
        assertThat(scriptErrors()).isEmpty();
    }
}

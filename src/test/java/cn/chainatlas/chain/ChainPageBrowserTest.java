package cn.chainatlas.chain;

import cn.chainatlas.browser.BrowserTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chain page on the hand-checked mini chain (MiniChainData): graph, gap table in its order, node panel,
 * what-if, autonomy table, region switch, filter and sort, with no script error on the way.
 */
@MicronautTest
class ChainPageBrowserTest extends BrowserTest {

    @Inject
    DSLContext dsl;
    @Inject
    ChainSeedLoader chains;
    @Inject
    GeoSeedLoader geo;

    @Override
    protected String seedMode() {
        return "none";
    }

    @BeforeAll
    void data() {
        geo.load(SeedFixtures.geo("cities.yaml"), SeedFixtures.geo("cluster-ratings.yaml"));
        chains.load(SeedFixtures.chains("good/chains"));
        MiniChainData.insert(dsl);
    }

    @Test
    void graphTablePanelWhatIfAndRegionSwitch() {
        login("admin", ADMIN_PASSWORD);
        open("/chains");
        click(By.cssSelector("a.chain-link[href='/chains/MINI']"));
        eventually(d -> d.findElements(By.cssSelector("#gap-table tr[data-node]")).size() == 8);
        assertThat(all(By.cssSelector("#chain-graph canvas"))).isNotEmpty();
        List<WebElement> rows = all(By.cssSelector("#gap-table tr[data-node]"));
        assertThat(rows.get(0).getAttribute("data-node")).isEqualTo("SPINDLE");

        click(By.cssSelector("#gap-table tr[data-node='SPINDLE']"));
        assertThat(waitForText(By.id("node-panel"), "东莞主轴一厂").getText()).contains("电主轴", "卡脖子", "进口占比");
        click(By.id("whatif-button"));
        assertThat(waitForText(By.id("whatif-result"), "数控车床").getText()).contains("加工中心", "东莞链主机床有限公司");
        assertThat(waitFor(By.cssSelector("#autonomy-table tr[data-root='LATHE']")).getText()).contains("25.0%");

        new Select(waitFor(By.id("region-select"))).selectByValue("东莞");
        waitForText(By.cssSelector("#gap-table tr[data-node='STEEL']"), "空白");
        waitFor(By.id("gap-filter")).sendKeys("丝杠");
        eventually(d -> d.findElements(By.cssSelector("#gap-table tr[data-node]")).stream()
                .filter(WebElement::isDisplayed).count() == 1);
        click(By.cssSelector("#gap-table th[data-sort='localSuppliers']"));
        ((JavascriptExecutor) driver).executeScript("window.scrollTo(0,0)");
        screenshot("chain-mini");
        assertThat(scriptErrors()).isEmpty();
    }
}

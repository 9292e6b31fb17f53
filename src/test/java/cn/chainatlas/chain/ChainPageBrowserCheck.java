package cn.chainatlas.chain;

import cn.chainatlas.testing.DatabaseTest;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The chain page in a real browser (run with -Dbrowser=true; needs chromium). */
@MicronautTest
@EnabledIfSystemProperty(named = "browser", matches = "true")
class ChainPageBrowserCheck extends DatabaseTest {

    @Inject
    EmbeddedServer server;
    @Inject
    DSLContext dsl;
    @Inject
    ChainSeedLoader chains;
    @Inject
    GeoSeedLoader geo;

    @BeforeAll
    void data() {
        geo.load(SeedFixtures.geo("cities.yaml"), SeedFixtures.geo("cluster-ratings.yaml"));
        chains.load(SeedFixtures.chains("good/chains"));
        MiniChainData.insert(dsl);
    }

    @Test
    void graphTablePanelAndRegionSwitch() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000");
        WebDriver driver = new ChromeDriver(options);
        try {
            String base = server.getURL().toString();
            driver.get(base + "/health");
            Object status = ((JavascriptExecutor) driver).executeAsyncScript(
                    "var done = arguments[0]; fetch('/login', {method: 'POST', headers: {'Content-Type': 'application/json'},"
                            + " body: JSON.stringify({username: 'admin', password: '" + ADMIN_PASSWORD + "'})})"
                            + ".then(function (r) { done(r.status); }).catch(function (e) { done(String(e)); });");
            System.out.println("login status " + status);
            driver.get(base + "/chains");
            driver.findElement(By.cssSelector("a.chain-link[href='/chains/MINI']")).click();
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(15));
            try {
                wait.until(d -> d.findElements(By.cssSelector("#gap-table tr[data-node]")).size() == 8);
            } catch (RuntimeException e) {
                System.out.println("PANEL: " + driver.findElement(By.id("node-panel")).getText());
                driver.manage().logs().get("browser").forEach(l -> System.out.println("CONSOLE: " + l));
                System.out.println("SOURCE: " + driver.getPageSource());
                throw e;
            }
            assertThat(driver.findElements(By.cssSelector("#chain-graph canvas"))).isNotEmpty();
            List<WebElement> rows = driver.findElements(By.cssSelector("#gap-table tr[data-node]"));
            assertThat(rows.get(0).getAttribute("data-node")).isEqualTo("SPINDLE");
            rows.get(0).click();
            try {
                wait.until(d -> d.findElement(By.id("node-panel")).getText().contains("东莞主轴一厂"));
            } catch (RuntimeException e) {
                System.out.println("PANEL: " + driver.findElement(By.id("node-panel")).getText());
                driver.manage().logs().get("browser").forEach(l -> System.out.println("CONSOLE: " + l));
                throw e;
            }
            assertThat(driver.findElement(By.id("node-panel")).getText()).contains("电主轴", "卡脖子", "进口占比");
            driver.findElement(By.id("whatif-button")).click();
            wait.until(d -> d.findElement(By.id("whatif-result")).getText().contains("数控车床"));
            assertThat(driver.findElement(By.id("whatif-result")).getText()).contains("加工中心", "东莞链主机床有限公司");
            assertThat(driver.findElement(By.cssSelector("#autonomy-table tr[data-root='LATHE']")).getText()).contains("25.0%");
            new Select(driver.findElement(By.id("region-select"))).selectByValue("东莞");
            wait.until(d -> d.findElement(By.cssSelector("#gap-table tr[data-node='STEEL']")).getText().contains("空白"));
            driver.findElement(By.id("gap-filter")).sendKeys("丝杠");
            wait.until(d -> d.findElements(By.cssSelector("#gap-table tr[data-node]")).size() == 1);
            driver.findElement(By.cssSelector("#gap-table th[data-sort='localSuppliers']")).click();
            ((JavascriptExecutor) driver).executeScript("window.scrollTo(0,0)");
            java.nio.file.Files.write(java.nio.file.Path.of("target/chain-page.png"),
                    ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
            List<?> errors = (List<?>) ((JavascriptExecutor) driver).executeScript("return window.__errors || []");
            assertThat(errors).isEmpty();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            driver.quit();
        }
    }
}

package cn.chainatlas.browser;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.util.List;

import static cn.chainatlas.db.schema.Tables.ENTERPRISE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14: each demo role logs in and finds its own home page: the province and the administrator the province's
 * overview, the 东莞 bureau its city, the leader its demands with their best matches, its profile and its chains.
 */
@MicronautTest
class HomeBrowserTest extends BrowserTest {

    static final String LEADER = "91441900MA51LEAD0L";

    @Inject
    DSLContext dsl;

    @Test
    void theProvinceAndTheAdministratorKeepTheProvinceOverview() {
        login("province", DEMO_PASSWORD);
        open("/");
        assertThat(textOf(By.tagName("h1"))).isEqualTo("全省产业链缺口一览");
        assertThat(all(By.cssSelector("#home-gaps tbody tr"))).hasSizeGreaterThanOrEqualTo(8);
        assertThat(all(By.cssSelector("#home-cities tbody tr"))).hasSize(21);
        screenshot("home-province");
        logout();
        login("admin", ADMIN_PASSWORD);
        open("/");
        assertThat(textOf(By.tagName("h1"))).isEqualTo("全省产业链缺口一览");
        waitFor(By.id("home-cities"));
    }

    @Test
    void aCityBureausHomeIsItsCity() {
        login("dongguan", DEMO_PASSWORD);
        open("/");
        assertThat(textOf(By.id("home-heading"))).contains("东莞");
        // the city's gaps per chain, links to the chain page in the city's view
        List<WebElement> chains = all(By.cssSelector("#home-gaps tbody tr"));
        assertThat(chains).hasSizeGreaterThanOrEqualTo(8);
        assertThat(java.net.URLDecoder.decode(chains.get(0).findElement(By.tagName("a")).getAttribute("href"),
                java.nio.charset.StandardCharsets.UTF_8)).contains("region=东莞");
        // its registry counts, not the province's table of cities
        int enterprises = dsl.fetchCount(ENTERPRISE, ENTERPRISE.CITY_CODE.eq("441900"));
        assertThat(textOf(By.id("home-totals"))).contains(String.valueOf(enterprises)).contains("本市名录企业").contains("本市待归类企业");
        assertThat(all(By.id("home-cities"))).isEmpty();
        // its last imports (the demo seed has none for 东莞 unless a test uploaded one) and its leaders' uncovered demands
        waitFor(By.id("home-imports"));
        assertThat(textOf(By.id("home-uncovered"))).containsAnyOf("没有“推荐”候选", "每条开放需求都有推荐");
        all(By.cssSelector("#uncovered-table tbody tr")).forEach(r ->
                assertThat(r.findElement(By.tagName("a")).getAttribute("href")).contains("/matches"));
        screenshot("home-city");
        assertThat(scriptErrors()).isEmpty();
    }

    @Test
    void aLeadersHomeIsItsDemandsItsProfileAndItsChains() {
        String name = dsl.select(ENTERPRISE.NAME).from(ENTERPRISE).where(ENTERPRISE.CREDIT_CODE.eq(LEADER)).fetchOne(ENTERPRISE.NAME);
        login("leader", DEMO_PASSWORD);
        open("/");
        assertThat(textOf(By.id("home-heading"))).isEqualTo(name);
        // the top bar names the company, not its credit code
        String role = textOf(By.id("current-role"));
        assertThat(role).contains("链主企业").doesNotContain(LEADER);
        assertThat(driver.findElement(By.id("current-role")).getAttribute("title")).contains(name);
        // its open demands, each with its best matches
        List<WebElement> demands = all(By.cssSelector("#home-demands li.match"));
        assertThat(demands).as("the demo leader's open demands").isNotEmpty();
        assertThat(all(By.cssSelector("#home-demands ul.best li"))).as("best matches").isNotEmpty();
        assertThat(demands.get(0).findElement(By.cssSelector("a.name")).getAttribute("href")).contains("/matches");
        // its own profile and the chains it leads
        assertThat(textOf(By.id("home-profile"))).contains(LEADER).contains("主营产品");
        assertThat(all(By.cssSelector("#home-chains a[href^='/chains/']"))).isNotEmpty();
        screenshot("home-leader");
        assertThat(scriptErrors()).isEmpty();
    }

    @Test
    void theRecentChangesNameTheActionAndTheEnterpriseInChinese() {
        login("dongguan", DEMO_PASSWORD);
        open("/enterprises/" + LEADER);
        waitFor(By.name("techParams")).sendKeys("；跳动 ≤ 2 μm");
        click(By.id("save"));
        waitFor(By.cssSelector(".flash-success"));
        open("/");
        String recent = textOf(By.id("home-recent"));
        String name = dsl.select(ENTERPRISE.NAME).from(ENTERPRISE).where(ENTERPRISE.CREDIT_CODE.eq(LEADER)).fetchOne(ENTERPRISE.NAME);
        assertThat(recent).contains("修改企业：" + name).doesNotContain("ENTERPRISE_EDIT").doesNotContain("enterprise:");
    }

    @Test
    void getLogoutAsksToConfirmAndTheFaviconExists() {
        login("dongguan", DEMO_PASSWORD);
        open("/logout");
        click(By.id("logout-confirm"));
        waitFor(By.id("login-form"));
        open("/logout");
        waitFor(By.id("login-form"));
        Object size = ((org.openqa.selenium.JavascriptExecutor) driver).executeAsyncScript(
                "var done = arguments[0]; fetch('/favicon.ico').then(function (r) { return r.ok ? r.blob() : null; })"
                        + ".then(function (b) { done(b ? b.size : -1); });");
        assertThat(((Number) size).intValue()).isGreaterThan(0);
    }
}

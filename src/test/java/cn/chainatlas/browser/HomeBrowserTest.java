package cn.chainatlas.browser;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import cn.chainatlas.common.Actor;
import cn.chainatlas.common.Role;
import cn.chainatlas.matching.MatchingService;
import cn.chainatlas.matchmaking.MatchmakingService;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.time.LocalDate;
import java.util.List;

import static cn.chainatlas.db.schema.Tables.DEMAND;
import static cn.chainatlas.db.schema.Tables.ENTERPRISE;
import static cn.chainatlas.db.schema.Tables.MATCHMAKING_RECORD;
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

    @Inject
    MatchmakingService matchmaking;

    @Inject
    MatchingService matching;

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
        // two matchmaking records, as the leader starts them from its matches; the second has not moved for 60 days
        Actor leader = new Actor("leader", Role.LEADER, "441900", LEADER);
        List<Long> demandIds = dsl.select(DEMAND.ID).from(DEMAND).where(DEMAND.LEADER_CREDIT_CODE.eq(LEADER))
                .and(DEMAND.STATUS.eq("OPEN")).orderBy(DEMAND.ID).fetch(DEMAND.ID);
        long fresh = -1;
        long stalled = -1;
        for (long d : demandIds) {
            var best = matching.matches(leader, d, 1, false).matches();
            if (best.isEmpty()) {
                continue;
            }
            long id = matchmaking.create(leader, d, best.get(0).creditCode(), null, null);
            if (fresh < 0) {
                fresh = id;
            } else {
                stalled = id;
                break;
            }
        }
        assertThat(stalled).as("two demo demands with a candidate").isPositive();
        dsl.update(MATCHMAKING_RECORD).set(MATCHMAKING_RECORD.LAST_MOVE_ON, LocalDate.now().minusDays(60))
                .where(MATCHMAKING_RECORD.ID.eq(stalled)).execute();
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
        // its matchmaking records: stage, supplier, last move; the stalled one first
        List<WebElement> records = all(By.cssSelector("#home-records tbody tr"));
        assertThat(records).hasSize(2);
        assertThat(records.get(0).getAttribute("data-record")).isEqualTo(String.valueOf(stalled));
        assertThat(records.get(0).getText()).contains("已入围").contains("停滞 60 天")
                .contains(LocalDate.now().minusDays(60).toString());
        assertThat(records.get(1).getAttribute("data-record")).isEqualTo(String.valueOf(fresh));
        assertThat(records.get(1).getText()).contains("已入围").contains(LocalDate.now().toString()).doesNotContain("停滞");
        assertThat(records.get(1).findElement(By.cssSelector("a[href^='/enterprises/']")).getText()).isNotBlank();
        assertThat(textOf(By.cssSelector("#home-matchmaking h2"))).contains("2 条").contains("停滞 1 条");
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

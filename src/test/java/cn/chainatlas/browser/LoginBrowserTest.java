package cn.chainatlas.browser;

import cn.chainatlas.common.Role;
import cn.chainatlas.testing.TestUsers;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import static org.assertj.core.api.Assertions.assertThat;

@MicronautTest
class LoginBrowserTest extends BrowserTest {

    @Inject
    DSLContext dsl;

    @Override
    protected java.util.Map<String, String> extraProperties() {
        java.util.Map<String, String> p = new java.util.HashMap<>(super.extraProperties());
        // the lockout test locks at a ceiling of 5 (20 by default), with no pause between its tries
        p.put("chainatlas.login.account-ceiling", "5");
        p.put("chainatlas.login.slowdown-base-ms", "0");
        return p;
    }

    @Test
    void aPageAsksForTheLoginAndReturnsToItAfterwardsThenLogoutEndsTheSession() {
        open("/admin/audit");
        waitFor(By.id("login-form"));
        assertThat(path()).isEqualTo("/login");
        assertThat(driver.findElement(By.id("demo-accounts")).getText()).contains("dongguan").contains(DEMO_PASSWORD);
        screenshot("login");
        fillLogin("admin", ADMIN_PASSWORD);
        waitFor(By.id("audit-table"));
        assertThat(path()).isEqualTo("/admin/audit");
        open("/");
        waitFor(By.id("home-totals"));
        assertThat(driver.findElement(By.id("current-user")).getText()).isEqualTo("admin");
        assertThat(driver.findElement(By.id("current-role")).getText()).contains("平台管理员");
        assertThat(driver.findElement(By.cssSelector(".mainnav")).getText())
                .contains("首页", "产业链", "企业名录", "数据导入", "用户", "审计日志");
        // the dashboard counts each chain's gap statuses for the province and names its chokepoints
        var cncRow = driver.findElement(By.cssSelector("#home-gaps tr[data-chain='CNC']"));
        var cells = cncRow.findElements(By.tagName("td"));
        assertThat(cells.get(0).getText()).isEqualTo("高端数控机床");
        assertThat(Integer.parseInt(cells.get(2).getText())).isPositive();
        assertThat(cells.get(7).getText()).isNotBlank();
        screenshot("home-admin");

        logout();
        assertThat(driver.findElement(By.cssSelector(".flash-info")).getText()).contains("退出");
        open("/");
        waitFor(By.id("login-form"));
        assertThat(path()).isEqualTo("/login");
    }

    @Test
    void aWrongPasswordIsRefusedWithAChineseMessage() {
        open("/login");
        fillLogin("admin", "not-the-password");
        assertThat(waitFor(By.cssSelector(".flash-error")).getText()).contains("用户名或密码错误");
        assertThat(all(By.id("logout"))).isEmpty();
        screenshot("login-error");
    }

    @Test
    void failuresUpToTheCeilingLockTheAccountAndTheLoginPageSaysSo() {
        TestUsers.create(dsl, "clumsy", "right-password", Role.PROVINCE, null, null);
        open("/login");
        for (int i = 0; i < 4; i++) {
            fillLogin("clumsy", "wrong-" + i);
            // fillLogin waits for the answer page, so this is this try's message, not the previous one's
            waitForText(By.cssSelector(".flash-error"), "用户名或密码错误");
        }
        assertThat(textOf(By.cssSelector(".flash-error"))).contains("再输错 1 次");
        fillLogin("clumsy", "wrong-again");
        assertThat(waitFor(By.id("login-locked")).getText()).contains("锁定").contains("15 分钟");
        // even the right password waits for the lock to run out
        fillLogin("clumsy", "right-password");
        assertThat(waitFor(By.id("login-locked")).getText()).contains("锁定");
        assertThat(all(By.id("logout"))).isEmpty();
        screenshot("login-locked");
    }

    @Test
    void aCityBureauSeesNoAdminPagesAndIsRefusedThem() {
        login("dongguan", DEMO_PASSWORD);
        assertThat(driver.findElement(By.id("current-role")).getText()).contains("市工信局");
        String nav = driver.findElement(By.cssSelector(".mainnav")).getText();
        assertThat(nav).contains("企业名录", "数据导入").doesNotContain("用户", "审计日志");
        screenshot("home-city");
        open("/admin/users");
        assertThat(waitFor(By.cssSelector(".flash-error")).getText()).contains("无权");
        screenshot("forbidden-city");
    }

    @Test
    void aChainLeaderDoesNotSeeTheImports() {
        login("leader", DEMO_PASSWORD);
        assertThat(driver.findElement(By.id("current-role")).getText()).contains("链主企业");
        assertThat(driver.findElement(By.cssSelector(".mainnav")).getText()).contains("产业链").doesNotContain("数据导入");
    }
}

package cn.chainatlas.browser;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import static cn.chainatlas.db.schema.Tables.CITY;
import static cn.chainatlas.db.schema.Tables.REGION;
import static org.assertj.core.api.Assertions.assertThat;

/** An administrator manages accounts on the users page and finds each change on the audit page. */
@MicronautTest
class AdminBrowserTest extends BrowserTest {

    @Inject
    DSLContext dsl;

    @BeforeAll
    void foshanExists() {
        // the geography seed provides 佛山; without it (seeds not loaded) the test brings its own
        if (!dsl.fetchExists(CITY, CITY.CODE.eq("440600"))) {
            String region = dsl.select(REGION.CODE).from(REGION).limit(1).fetchOptional(REGION.CODE).orElseGet(() -> {
                dsl.insertInto(REGION).set(REGION.CODE, "PRD").set(REGION.NAME, "珠三角").execute();
                return "PRD";
            });
            dsl.insertInto(CITY).set(CITY.CODE, "440600").set(CITY.NAME, "佛山").set(CITY.REGION_CODE, region).execute();
        }
    }

    private void createUser(String username, String role, String city, String leader) {
        open("/admin/users");
        WebElement form = waitFor(By.id("user-form"));
        form.findElement(By.name("username")).sendKeys(username);
        form.findElement(By.name("displayName")).sendKeys("测试 " + username);
        form.findElement(By.name("password")).sendKeys("Foshan-Kiln-Harbor-26");
        new Select(form.findElement(By.name("role"))).selectByValue(role);
        if (city != null) {
            new Select(form.findElement(By.name("city"))).selectByValue(city);
        }
        if (leader != null) {
            form.findElement(By.name("leaderCreditCode")).sendKeys(leader);
        }
        click(By.id("create-user"));
    }

    @Test
    void adminCreatesACityBureauUserWhoCanLogInAndTheAuditShowsIt() {
        login("admin", ADMIN_PASSWORD);
        createUser("foshan01", "CITY", "440600", null);
        waitForText(By.cssSelector(".flash-success"), "foshan01");
        WebElement row = waitFor(By.cssSelector("#user-table tr[data-username='foshan01']"));
        assertThat(row.getText()).contains("市工信局").contains("佛山");
        screenshot("admin-users");

        open("/admin/audit?action=USER_CREATE&target=foshan01");
        WebElement line = waitFor(By.cssSelector("#audit-table tr[data-action='USER_CREATE']"));
        // the action and the target in words, not USER_CREATE and user:foshan01 (issue 14)
        assertThat(line.getText()).contains("admin").contains("新建用户").contains("用户 foshan01").doesNotContain("USER_CREATE");
        click(By.cssSelector("#audit-table tr[data-action='USER_CREATE'] summary"));
        assertThat(waitFor(By.cssSelector("#audit-table tr[data-action='USER_CREATE'] .diff")).getText()).contains("440600").contains("市工信局")
                .doesNotContain("CITY").doesNotContain("username");
        screenshot("admin-audit");

        logout();
        login("foshan01", "Foshan-Kiln-Harbor-26");
        assertThat(driver.findElement(By.id("current-role")).getText()).contains("市工信局").contains("佛山");
    }

    @Test
    void aWrongCreditCodeIsExplainedAndTheFormKeepsItsValues() {
        login("admin", ADMIN_PASSWORD);
        createUser("leader-typo", "LEADER", null, "91441900MA51LEAD0X");
        assertThat(waitFor(By.cssSelector(".flash-error")).getText()).contains("91441900MA51LEAD0X").contains("校验码");
        assertThat(driver.findElement(By.name("username")).getAttribute("value")).isEqualTo("leader-typo");
        assertThat(driver.findElement(By.name("leaderCreditCode")).getAttribute("class")).contains("invalid");
        screenshot("admin-users-error");
    }

    @Test
    void aDisabledAccountCanNoLongerLogIn() {
        login("admin", ADMIN_PASSWORD);
        createUser("leaving01", "PROVINCE", null, null);
        waitForText(By.cssSelector(".flash-success"), "leaving01");
        click(By.cssSelector("#user-table tr[data-username='leaving01'] button.toggle-user"));
        waitForText(By.cssSelector(".flash-success"), "已停用");
        waitForText(By.cssSelector("#user-table tr[data-username='leaving01']"), "已停用");
        logout();
        open("/login");
        fillLogin("leaving01", "Foshan-Kiln-Harbor-26");
        assertThat(waitFor(By.cssSelector(".flash-error")).getText()).contains("停用");
    }
}

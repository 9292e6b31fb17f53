package cn.chainatlas.browser;

import cn.chainatlas.common.Role;
import cn.chainatlas.testing.TestUsers;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every main page works under the Content-Security-Policy: nothing is refused, no script fails, the inline scripts
 * (with the answer's nonce) run. And a user changes their own password on the page.
 */
@MicronautTest
class SecurityBrowserTest extends BrowserTest {

    @Inject
    DSLContext dsl;

    @Test
    void everyMainPageRunsUnderTheContentSecurityPolicy() {
        login("admin", ADMIN_PASSWORD);
        List<String> problems = new ArrayList<>();
        for (String page : List.of("/", "/chains", "/chains/CNC", "/enterprises", "/enterprises/unclassified",
                "/imports", "/admin/users", "/admin/audit", "/me/password", "/no-such-page")) {
            open(page);
            waitFor(By.cssSelector("footer.footer"));
            if (page.equals("/chains/CNC")) {
                waitFor(By.cssSelector("#gap-table tbody tr"));
            }
            cspViolations().forEach(v -> problems.add(page + ": CSP " + v));
            scriptErrors().forEach(e -> problems.add(page + ": " + e));
        }
        assertThat(problems).isEmpty();
        // the users page's inline script ran: the city field shows only for a city bureau account
        open("/admin/users");
        new Select(waitFor(By.id("new-role"))).selectByValue("PROVINCE");
        assertThat(driver.findElement(By.id("new-city")).isDisplayed()).isFalse();
        new Select(driver.findElement(By.id("new-role"))).selectByValue("CITY");
        assertThat(driver.findElement(By.id("new-city")).isDisplayed()).isTrue();
        assertThat(cspViolations()).isEmpty();
    }

    @Test
    void aUserChangesTheirPasswordOnThePageAndLogsInWithTheNewOne() {
        TestUsers.create(dsl, "changer", "Kettle-Orbit-Lantern-42", Role.PROVINCE, null, null);
        login("changer", "Kettle-Orbit-Lantern-42");
        click(By.id("current-user"));
        waitFor(By.id("password-form"));
        driver.findElement(By.id("current-password")).sendKeys("Kettle-Orbit-Lantern-42");
        driver.findElement(By.id("new-password")).sendKeys("password123");
        driver.findElement(By.id("confirm-password")).sendKeys("password123");
        whileLeavingThePage(() -> driver.findElement(By.id("change-password")).click());
        assertThat(textOf(By.cssSelector(".flash-error"))).contains("常见");
        driver.findElement(By.id("current-password")).sendKeys("Kettle-Orbit-Lantern-42");
        driver.findElement(By.id("new-password")).sendKeys("Harbour-Violet-Compass-77");
        driver.findElement(By.id("confirm-password")).sendKeys("Harbour-Violet-Compass-77");
        whileLeavingThePage(() -> driver.findElement(By.id("change-password")).click());
        assertThat(textOf(By.id("password-done"))).contains("已修改");
        screenshot("password-changed");
        // still logged in in this browser (a fresh cookie), and the new password is the one that works
        open("/");
        waitFor(By.id("logout"));
        logout();
        login("changer", "Harbour-Violet-Compass-77");
        assertThat(driver.findElement(By.id("current-user")).getText()).isEqualTo("changer");
    }
}

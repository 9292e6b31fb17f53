package cn.chainatlas.browser;

import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a person meets when something is missing or breaks: the styled page (layout, navigation, Chinese title and
 * hint), never raw JSON, and never SQL, a stack trace or a class name.
 */
@MicronautTest
class ErrorPagesBrowserTest extends BrowserTest {

    /** A page that fails the way a broken query would. */
    @Controller("/test-broken")
    @Secured(SecurityRule.IS_AUTHENTICATED)
    static final class BrokenPage {
        @Get
        @Produces(MediaType.TEXT_HTML)
        String page() {
            throw new IllegalStateException("SQL [select * from enterprise where credit_code = ?]; You have an error in your SQL syntax");
        }
    }

    private void assertStyledPage(String title) {
        assertThat(textOf(By.cssSelector("main.error-page h1"))).isEqualTo(title);
        assertThat(all(By.cssSelector(".mainnav"))).as("the layout with its navigation").isNotEmpty();
        String body = driver.findElement(By.tagName("body")).getText();
        assertThat(body).doesNotContain("{\"").doesNotContain("Exception").doesNotContain("SQL").doesNotContain("cn.chainatlas");
    }

    @Test
    void anUnknownEnterpriseBatchOrChainShowsTheStyled404Page() {
        login("province", DEMO_PASSWORD);
        open("/enterprises/91440000MA00NOPE00");
        assertStyledPage("未找到");
        assertThat(textOf(By.cssSelector(".flash-error"))).contains("91440000MA00NOPE00");
        screenshot("error-404-enterprise");

        open("/imports/987654");
        assertStyledPage("未找到");
        assertThat(textOf(By.cssSelector(".flash-error"))).contains("987654");

        open("/chains/NOPE");
        assertStyledPage("未找到");
        assertThat(textOf(By.cssSelector(".flash-error"))).contains("NOPE");

        open("/no/such/address");
        assertStyledPage("未找到");
    }

    @Test
    void anUnexpectedErrorShowsTheStyled500PageWithAnIncidentNumberOnly() {
        login("province", DEMO_PASSWORD);
        open("/test-broken");
        assertStyledPage("系统出错");
        assertThat(textOf(By.cssSelector(".flash-error"))).containsPattern("编号 [0-9a-f]{8}");
        screenshot("error-500");
    }
}

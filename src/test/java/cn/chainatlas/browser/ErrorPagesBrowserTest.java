package cn.chainatlas.browser;

import io.micronaut.http.MediaType;
import io.micronaut.views.ModelAndView;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

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

    /** A page whose template fails half-way: its model lacks what the template reads. */
    @Controller("/test-broken-view")
    @Secured(SecurityRule.IS_AUTHENTICATED)
    static final class BrokenView {
        @Get(produces = MediaType.TEXT_HTML)
        ModelAndView<Map<String, Object>> page() {
            return new ModelAndView<>("test-broken-view", new HashMap<>());
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

    /**
     * A form's address opened in the browser (GET /demands/8/delete, whose form posts there) is answered 405; the page's
     * title and hint showed the raw message keys ??error.title.405_en?? and ??error.hint.405_en??.
     */
    @Test
    void aFormsAddressOpenedInTheBrowserShowsAChineseTitleNotAMessageKey() {
        login("province", DEMO_PASSWORD);
        open("/demands/1/delete");
        assertStyledPage("无法这样打开");
        assertThat(driver.getTitle()).startsWith("无法这样打开").doesNotContain("??");
        String body = driver.findElement(By.tagName("body")).getText();
        assertThat(body).doesNotContain("??").doesNotContain("error.hint").contains("请从页面上的链接或按钮进入");
        screenshot("error-405");
    }

    @Test
    void anUnexpectedErrorShowsTheStyled500PageWithAnIncidentNumberOnly() {
        login("province", DEMO_PASSWORD);
        open("/test-broken");
        assertStyledPage("系统出错");
        assertThat(textOf(By.cssSelector(".flash-error"))).containsPattern("编号 [0-9a-f]{8}");
        screenshot("error-500");
    }

    /**
     * A template that fails while rendering used to leave the browser waiting about 30 s for an answer that never
     * finished. The answer must come at once, complete, as the styled 500 page.
     */
    @Test
    void aTemplateThatFailsWhileRenderingAnswersTheStyled500PageAtOnce() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url("/test-broken-view")))
                .header("Accept", "text/html")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        ("province:" + DEMO_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(5)).GET().build();
        java.net.http.HttpResponse<String> answer = http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(500);
        assertThat(answer.body()).contains("系统出错").containsPattern("编号 [0-9a-f]{8}")
                .doesNotContain("Exception").doesNotContain("thymeleaf").doesNotContain("cn.chainatlas")
                .doesNotContain("missing.name").contains("</html>");

        login("province", DEMO_PASSWORD);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(8));
        try {
            open("/test-broken-view");
            assertStyledPage("系统出错");
        } finally {
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        }
    }
}

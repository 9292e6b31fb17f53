package cn.chainatlas.browser;

import cn.chainatlas.security.PageSecurity;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Part;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.multipart.CompletedFileUpload;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layout's script carries the CSRF token for every way a feature page may post: a plain form (hidden field
 * added if missing), a plain multipart upload (token in the action's query), htmx (header) and fetch (header).
 * Checked in the browser against a small page of this test, so later pages can rely on it.
 */
@MicronautTest
class CsrfBrowserTest extends BrowserTest {

    @Controller("/test-csrf")
    @Secured(SecurityRule.IS_AUTHENTICATED)
    static final class CsrfPage {
        private final PageSecurity security;

        CsrfPage(PageSecurity security) {
            this.security = security;
        }

        @Get
        @Produces(MediaType.TEXT_HTML)
        String page(HttpRequest<?> request) {
            return """
                    <!DOCTYPE html><html><head><meta charset="utf-8">
                    <meta name="csrf-token" content="%s">
                    <script src="/webjars/htmx.org/2.0.4/dist/htmx.min.js"></script><script src="/static/app.js"></script>
                    </head><body>
                    <form id="plain" method="post" action="/test-csrf/form"><input name="v" value="plain"><button id="plain-go">go</button></form>
                    <form id="upload" method="post" action="/test-csrf/upload" enctype="multipart/form-data">
                      <input type="file" name="file"><button id="upload-go">go</button></form>
                    <button id="htmx-go" hx-post="/test-csrf/form" hx-vals='{"v":"htmx"}' hx-target="#htmx-out">go</button>
                    <div id="htmx-out"></div>
                    <button id="fetch-go">go</button>
                    <div id="fetch-out"></div>
                    </body></html>""".formatted(security.csrfToken(request));
        }

        @Post("/form")
        @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
        @Produces(MediaType.TEXT_HTML)
        String form(@Body Map<String, String> form) {
            return "<p id='result'>ok " + form.get("v") + "</p>";
        }

        @Post("/upload")
        @Consumes(MediaType.MULTIPART_FORM_DATA)
        @Produces(MediaType.TEXT_HTML)
        String upload(@Part("file") CompletedFileUpload file) throws IOException {
            return "<p id='result'>ok upload " + file.getBytes().length + "</p>";
        }

        @Post("/json")
        @Produces(MediaType.TEXT_PLAIN)
        String json(@Body Map<String, Object> body) {
            return "ok fetch";
        }
    }

    @Test
    void everyKindOfPostFromAPageCarriesTheToken() throws IOException {
        login("dongguan", DEMO_PASSWORD);
        open("/test-csrf");
        click(By.id("plain-go"));
        assertThat(waitFor(By.id("result")).getText()).isEqualTo("ok plain");

        open("/test-csrf");
        Path file = Files.createTempFile("upload-", ".txt");
        Files.writeString(file, "12345");
        driver.findElement(By.name("file")).sendKeys(file.toAbsolutePath().toString());
        click(By.id("upload-go"));
        assertThat(waitFor(By.id("result")).getText()).isEqualTo("ok upload 5");

        open("/test-csrf");
        click(By.id("htmx-go"));
        assertThat(waitForText(By.id("htmx-out"), "ok htmx").getText()).isEqualTo("ok htmx");
        // the handler is added from the test: an inline onclick="" is refused by the Content-Security-Policy
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("document.getElementById('fetch-go')"
                + ".addEventListener('click', function () { fetch('/test-csrf/json', {method: 'POST', headers:"
                + " {'Content-Type': 'application/json'}, body: '{}'}).then(function (r) { return r.text(); })"
                + ".then(function (t) { document.getElementById('fetch-out').textContent = t; }); });");
        click(By.id("fetch-go"));
        assertThat(waitForText(By.id("fetch-out"), "ok fetch").getText()).isEqualTo("ok fetch");
    }

    @Test
    void aFormWithAWrongTokenIsRefusedWithAChineseMessage() {
        login("dongguan", DEMO_PASSWORD);
        open("/test-csrf");
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                "var i=document.createElement('input');i.type='hidden';i.name='csrfToken';i.value='forged-token-forged-token';"
                        + "document.getElementById('plain').appendChild(i);");
        click(By.id("plain-go"));
        assertThat(waitFor(By.cssSelector(".flash-error")).getText()).contains("CSRF");
    }
}

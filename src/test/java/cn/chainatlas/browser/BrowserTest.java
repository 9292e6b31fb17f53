package cn.chainatlas.browser;

import cn.chainatlas.testing.DatabaseTest;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Base of the browser tests: the whole application on a random port with the demo data (chains, registry and
 * the demo accounts), driven by Debian's headless Chromium through its chromedriver. Tests are skipped only
 * when Chromium is not installed; CI installs it and fails on skipped browser tests.
 */
public abstract class BrowserTest extends DatabaseTest {

    /** The demo accounts' published password (DemoAccounts.PASSWORD), which meets the password rule. */
    public static final String DEMO_PASSWORD = "Lingnan-Chain-2026";
    static final Path CHROMIUM = Path.of(System.getProperty("chainatlas.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("chainatlas.chromedriver", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @Inject
    protected EmbeddedServer server;

    protected WebDriver driver;
    protected Path downloads;
    private Path profile;

    @Override
    protected String seedMode() {
        return "demo";
    }

    @Override
    protected Map<String, String> extraProperties() {
        Map<String, String> p = new HashMap<>();
        p.put("micronaut.server.port", "-1");
        // the doubling pause after a wrong password would make the lockout test take half a minute
        p.put("chainatlas.login.slowdown-base-ms", "10");
        return p;
    }

    @BeforeAll
    void startBrowser() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Chromium and chromedriver are not installed (apt-get install chromium chromium-driver)");
        profile = Files.createTempDirectory("chainatlas-chromium-");
        downloads = Files.createTempDirectory("chainatlas-downloads-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1400,1000", "--lang=zh-CN", "--user-data-dir=" + profile);
        Map<String, Object> prefs = new HashMap<>();
        prefs.put("download.default_directory", downloads.toAbsolutePath().toString());
        prefs.put("download.prompt_for_download", false);
        prefs.put("safebrowsing.enabled", false);
        options.setExperimentalOption("prefs", prefs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver chrome = new ChromeDriver(service, options);
        // every page collects its uncaught script errors, so a test can check that none happened
        chrome.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
                "window.__errors = []; window.addEventListener('error', function (e) { window.__errors.push(String(e.message)); });"
                        + " window.addEventListener('unhandledrejection', function (e) { window.__errors.push(String(e.reason)); });"
                        // and what the Content-Security-Policy refused (a refused inline script raises no error)
                        + " window.__csp = []; document.addEventListener('securitypolicyviolation', function (e) {"
                        + " window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + (e.sourceFile || '') + ':' + e.lineNumber); });"));
        driver = chrome;
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @BeforeEach
    void freshSession() {
        if (driver != null) {
            driver.manage().deleteAllCookies();
        }
    }

    protected String url(String path) {
        return "http://localhost:" + server.getPort() + path;
    }

    protected void open(String path) {
        driver.get(url(path));
    }

    /** Logs in through the login page and waits for the page behind it. */
    protected void login(String username, String password) {
        open("/login");
        fillLogin(username, password);
        waitFor(By.id("logout"));
    }

    protected void fillLogin(String username, String password) {
        WebElement form = waitFor(By.id("login-form"));
        form.findElement(By.name("username")).clear();
        form.findElement(By.name("username")).sendKeys(username);
        form.findElement(By.name("password")).sendKeys(password);
        whileLeavingThePage(() -> driver.findElement(By.id("login")).click());
    }

    /**
     * Runs an action that loads a new page (a form post, a link) and waits until the new page has replaced the
     * old one, so that what the test reads next is never the previous page's copy of the same element.
     */
    protected void whileLeavingThePage(Runnable action) {
        org.openqa.selenium.JavascriptExecutor js = (org.openqa.selenium.JavascriptExecutor) driver;
        js.executeScript("document.documentElement.dataset.leaving = 'yes';");
        action.run();
        eventually(d -> Boolean.TRUE.equals(js.executeScript(
                "return document.readyState === 'complete' && document.documentElement.dataset.leaving !== 'yes';")));
    }

    protected void logout() {
        WebElement button = waitFor(By.id("logout"));
        whileLeavingThePage(button::click);
        waitFor(By.id("login-form"));
    }

    /**
     * How long the tests wait for what a user would see: generous, since CI machines are shared (a 3-row dry run's
     * result once took 20 s to show while other builds ran beside the suite; the wait only costs time when it fails).
     */
    protected static final Duration PATIENCE = Duration.ofSeconds(45);

    /**
     * The one waiting and retry policy of the browser tests: polls {@code condition} until it returns something
     * other than null or false, treating an element that was re-rendered meanwhile (htmx swaps, polling, a row
     * replaced by script), not there yet, or covered for a moment as "not yet". Never a fixed sleep.
     */
    protected <T> T eventually(java.util.function.Function<WebDriver, T> condition) {
        try {
            return new WebDriverWait(driver, PATIENCE)
                    .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                    .ignoring(org.openqa.selenium.ElementClickInterceptedException.class)
                    .ignoring(org.openqa.selenium.ElementNotInteractableException.class)
                    .ignoring(org.openqa.selenium.NoSuchElementException.class)
                    .until(condition);
        } catch (org.openqa.selenium.TimeoutException e) {
            throw whatTheUserSaw(e);
        }
    }

    /** A timed-out wait says what the page showed: its address, any error message on it, and a screenshot. */
    private RuntimeException whatTheUserSaw(org.openqa.selenium.TimeoutException e) {
        StringBuilder seen = new StringBuilder("gave up after " + PATIENCE.toSeconds() + " s on " + driver.getCurrentUrl());
        try {
            for (WebElement err : driver.findElements(By.cssSelector(".error, .alert, [role=alert], #upload-error"))) {
                if (err.isDisplayed() && !err.getText().isBlank()) {
                    seen.append("; the page shows: ").append(err.getText().trim());
                }
            }
            // what a person would read there (a progress line, 排队中, a result), so a CI log says what was waited on
            String text = driver.findElement(By.tagName("body")).getText().replaceAll("\\s+", " ").trim();
            seen.append("; the page reads: ").append(text.length() > 800 ? text.substring(0, 800) + "…" : text);
            String shot = "timeout-" + getClass().getSimpleName() + "-" + System.currentTimeMillis();
            screenshot(shot);
            seen.append("; screenshot ").append(shot).append(".png");
        } catch (RuntimeException ignored) {
            // the page itself is gone: the address and the original failure still say enough
        }
        return new org.openqa.selenium.TimeoutException(seen.toString(), e);
    }

    /** Clicks what {@code by} finds once it is shown and enabled, finding it again if the page re-rendered it. */
    protected void click(By by) {
        eventually(d -> {
            WebElement e = d.findElement(by);
            if (!e.isDisplayed() || !e.isEnabled()) {
                return false;
            }
            e.click();
            return true;
        });
    }

    protected WebElement waitFor(By by) {
        return eventually(d -> {
            WebElement e = d.findElement(by);
            return e.isDisplayed() ? e : null;
        });
    }

    /** Waits until the element {@code by} finds shows {@code text} (found afresh on each try). */
    protected WebElement waitForText(By by, String text) {
        return eventually(d -> {
            WebElement e = d.findElement(by);
            return e.getText().contains(text) ? e : null;
        });
    }

    /** The text of what {@code by} finds once it is shown and not empty, read afresh if it was re-rendered. */
    protected String textOf(By by) {
        return eventually(d -> {
            WebElement e = d.findElement(by);
            String t = e.isDisplayed() ? e.getText().trim() : "";
            return t.isEmpty() ? null : t;
        });
    }

    /** The uncaught script errors of the current page since it loaded. */
    protected List<String> scriptErrors() {
        Object errors = ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("return window.__errors || ['no error collector'];");
        return ((List<?>) errors).stream().map(String::valueOf).toList();
    }

    /** What the Content-Security-Policy refused on the current page since it loaded. */
    protected List<String> cspViolations() {
        Object refused = ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("return window.__csp || ['no CSP collector'];");
        return ((List<?>) refused).stream().map(String::valueOf).toList();
    }

    /** Accepts the confirmation dialog the last action opened; fails if none opens. */
    protected void acceptConfirmation() {
        new WebDriverWait(driver, PATIENCE).until(ExpectedConditions.alertIsPresent()).accept();
    }

    protected List<WebElement> all(By by) {
        return driver.findElements(by);
    }

    protected String path() {
        return java.net.URI.create(driver.getCurrentUrl()).getPath();
    }

    /** Saves what the browser shows as target/screenshots/{name}.png for a person to review. */
    protected void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until a finished download whose name ends with {@code suffix} is in the download folder. */
    protected Path waitForDownload(String suffix) {
        return eventually(d -> {
            try (var files = Files.list(downloads)) {
                return files.filter(f -> f.getFileName().toString().endsWith(suffix))
                        .filter(f -> !f.getFileName().toString().endsWith(".crdownload"))
                        .findFirst().orElse(null);
            } catch (IOException e) {
                return null;
            }
        });
    }
}

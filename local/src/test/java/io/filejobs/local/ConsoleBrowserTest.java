package io.filejobs.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.filejobs.app.ApiClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real browser (Debian's Chromium, headless, through its chromedriver) against
 * the embedded runtime: the key, the jobs, a run followed to SUCCEEDED on its timeline, a failed
 * run's error, a set step's objects, a WAIT step's deadline and callback, plan, disable. A description and object keys that hold markup
 * must show as text. Screenshots go to {@code target/screenshots} (the README shows copies in {@code docs/}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {

    private static final String KEY = "console-key";
    /** A description and an object key a careless page would turn into an element that runs script. */
    private static final String MARKUP = "<img src=x onerror=document.title='owned'>";
    private static final Path SHOTS = Path.of("target", "screenshots");

    private LocalFixture local;
    private ChromeDriver browser;
    private WebDriverWait wait;

    @BeforeAll
    void start() throws IOException {
        local = LocalFixture.start(KEY, Map.of("FILEJOBS_ALLOWED_BUCKETS", "bucket1,bucket2,bucket3"), Map.of());
        browser = chromium();
        wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (local != null) {
            local.close();
        }
    }

    /** Debian's Chromium and chromedriver; scripts/test.sh installs them (apt) when they are missing. */
    static ChromeDriver chromium() {
        Path binary = Stream.of("/usr/bin/chromium", "/usr/bin/chromium-browser").map(Path::of).filter(Files::isExecutable).findFirst()
                .orElse(null);
        Path driver = Path.of("/usr/bin/chromedriver");
        if (binary == null || !Files.isExecutable(driver)) {
            fail("the console tests need Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver): "
                    + "apt-get install chromium chromium-driver (scripts/test.sh does)");
        }
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions().setBinary(binary.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900",
                        "--lang=en-GB");
        return new ChromeDriver(service, options);
    }

    @Test
    @Order(1)
    void aWrongKeyIsRefusedAndTheRightOneOpensTheJobs() {
        browser.get(local.runtime.apiUrl().resolve("/console").toString());
        enterKey("not-the-key");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("key-form"), "That key was refused"));
        enterKey(KEY);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("jobs")));
    }

    @Test
    @Order(2)
    void aRunIsFollowedToSucceededAndMarkupInNamesStaysText() throws IOException {
        local.put("bucket1", "in/" + MARKUP + ".txt", "first file");
        local.put("bucket1", "in/plain.txt", "second file");
        String id = local.createCheckedJob("""
                {"name": "nightly-extracts", "description": "copies %s and the day's other files", "schedule": "cron(0 1 * * ? *)", "timezone": "Europe/Berlin",
                 "steps": [
                  {"id": 0, "name": "collect", "action": "COPY", "source": {"prefix": "bucket1/in/"}, "destination": "bucket2/out/{relativeKey}"},
                  {"id": 1, "name": "keep", "action": "COPY", "source": "bucket1/in/plain.txt", "destination": "bucket3/kept.txt"}
                 ]}
                """.formatted(MARKUP));

        open("#/jobs");
        WebElement row = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-job='" + id + "'] a")));
        assertEquals("nightly-extracts", row.getText());
        screenshot("console-jobs.png");
        row.click();

        WebElement description = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("job-description")));
        assertEquals("copies " + MARKUP + " and the day's other files", description.getText());
        assertTrue(browser.findElement(By.id("definition")).getText().contains(MARKUP));
        browser.findElement(By.id("plan-now")).click();
        WebElement plan = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("plan-steps")));
        assertTrue(plan.getText().contains("bucket1/in/" + MARKUP + ".txt"), plan::getText);

        browser.findElement(By.id("run-now")).click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#run-status .badge"), "SUCCEEDED"));
        WebElement steps = browser.findElement(By.id("steps"));
        assertEquals(2, steps.findElements(By.cssSelector("tbody tr")).size());
        assertTrue(steps.getText().contains("2/2 done"), steps::getText);
        assertEquals(2, steps.findElements(By.cssSelector(".timeline .bar.SUCCEEDED")).size());
        steps.findElement(By.cssSelector("button.ledger")).click();
        WebElement ledger = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("ledger")));
        assertTrue(ledger.getText().contains("bucket1/in/" + MARKUP + ".txt"), ledger::getText);
        assertTrue(ledger.getText().contains("bucket2/out/" + MARKUP + ".txt"), ledger::getText);
        screenshot("console-run.png");

        assertNoMarkupRan();
    }

    @Test
    @Order(3)
    void aFailedRunShowsItsErrorAndAJobCanBeDisabled() throws IOException {
        String id = local.createCheckedJob("""
                {"name": "copy-a-file-that-never-came", "steps": [
                  {"id": 0, "name": "copy", "action": "COPY", "source": "bucket1/missing/report.csv", "destination": "bucket2/report.csv"}
                ]}
                """);
        open("#/jobs/" + id);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("run-now"))).click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#run-status .badge"), "FAILED"));
        WebElement error = browser.findElement(By.id("run-error"));
        assertTrue(error.getText().contains("SOURCE_NOT_FOUND"), error::getText);
        assertTrue(browser.findElement(By.id("steps")).getText().contains("SOURCE_NOT_FOUND"));
        screenshot("console-failed-run.png");

        open("#/jobs/" + id);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("disable"))).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("enable")));
        ApiClient.Response job = local.call("GET", "/jobs/" + id, null);
        assertEquals("DISABLED", job.json().get("state"));
        assertEquals(2, ((Number) job.json().get("version")).intValue());
    }

    @Test
    @Order(4)
    void aWaitingStepShowsItsDeadlineAndThenItsCallback() throws IOException {
        String id = local.createCheckedJob("""
                {"name": "wait-for-approval", "steps": [
                  {"id": 0, "name": "approval", "action": "WAIT", "for": "CALLBACK", "timeout": "PT10M"}
                ]}
                """);
        open("#/jobs/" + id);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("run-now"))).click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#run-status .badge"), "WAITING"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("steps"), "waits for its callback until"));
        String runId = browser.getCurrentUrl().substring(browser.getCurrentUrl().lastIndexOf('/') + 1);
        ApiClient.Response answered = local.call("POST", "/jobs/" + id + "/runs/" + runId + "/steps/0/callback",
                "{\"outcome\": \"SUCCEEDED\", \"message\": \"approved by <b>ops</b>\"}");
        assertEquals(200, answered.status(), answered::toString);
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#run-status .badge"), "SUCCEEDED"));
        WebElement steps = browser.findElement(By.id("steps"));
        assertTrue(steps.getText().contains("callback SUCCEEDED approved by <b>ops</b>"), steps::getText);
        assertEquals(List.of(), browser.findElements(By.cssSelector("main b")), "a message became an element");
        screenshot("console-callback.png");
    }

    private void enterKey(String key) {
        WebElement input = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("api-key")));
        input.clear();
        input.sendKeys(key);
        browser.findElement(By.cssSelector("#key-form button[type=submit]")).click();
    }

    /** Loads the page afresh at {@code hash} (a change of the hash alone would leave the old page's elements found for a moment). */
    private void open(String hash) {
        browser.get("about:blank");
        browser.get(local.runtime.apiUrl().resolve("/console" + hash).toString());
    }

    private void assertNoMarkupRan() {
        assertEquals(List.of(), browser.findElements(By.cssSelector("main img")), "a name became an element");
        assertEquals("FileJobs console", browser.getTitle(), "a name's markup ran as script");
    }

    private void screenshot(String name) throws IOException {
        Files.write(SHOTS.resolve(name), browser.getScreenshotAs(OutputType.BYTES));
    }
}

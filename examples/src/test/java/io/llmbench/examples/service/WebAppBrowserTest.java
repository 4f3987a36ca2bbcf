package io.llmbench.examples.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.llmbench.core.Benchmark;
import io.llmbench.core.Endpoint;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.Load;
import io.llmbench.core.sim.SimulatedEndpoint;
import io.llmbench.core.workload.Workload;
import io.llmbench.store.ResultStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web application in headless Chromium, driven by Selenium as a person would use it: give the
 * key, upload a CSV (a bad one first, by the file chooser; a good one by drag and drop), browse
 * the models, filter and delete a run, open a run with its charts and request records, compare
 * runs side by side, predict and draw the prediction curve. Every page must load with no console
 * error or warning (CSP violations included). Screenshots at 1280 and 500 px wide go to
 * {@code target/screenshots/}. Skips when Chromium or its driver is absent unless
 * {@code LLMBENCH_REQUIRE_CHROMIUM=1}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebAppBrowserTest {
    static final String KEY = "browser-key-0123456789abcdef";
    static final Path SHOTS = Path.of("target", "screenshots");

    ResultStore store;
    BenchService service;
    String measuredRunId;
    WebDriver driver;
    WebDriverWait wait;
    final List<String> consoleProblems = new ArrayList<>();

    @BeforeAll
    void start() throws IOException {
        Path[] tools = chromium();
        store = ResultStore.h2InMemory("browser_" + UUID.randomUUID().toString().replace("-", ""));
        try (SimulatedEndpoint sim = SimulatedEndpoint.builder().model("sim-measured").seed(3).start()) {
            EndpointResult r = Benchmark.builder()
                    .endpoints(Endpoint.openAi(sim.baseUrl()).model(sim.model()).name("measured <b>run</b>").build())
                    .workload(Workload.synthetic(256, 32)).load(Load.concurrency(4)).requests(24).run()
                    .endpoint("measured <b>run</b>");
            measuredRunId = store.save(r);
        }
        service = BenchService.builder().store(store).apiKey(KEY).port(0).start();
        Files.createDirectories(SHOTS);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(tools[0].toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-extensions", "--disable-dev-shm-usage",
                "--window-size=1280,1000");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService driverService = new ChromeDriverService.Builder().usingDriverExecutable(tools[1].toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(driverService, options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    }

    @AfterAll
    void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (service != null) {
            service.close();
        }
        if (store != null) {
            store.close();
        }
    }

    @Test
    void uploadBrowseRunDetailCompareAndPredictInTheBrowser() throws Exception {
        driver.get(service.baseUrl() + "/#/models");
        waitReady();
        assertThat(text(".notice")).isEqualTo("Give the API key above to load data.");
        driver.findElement(By.id("key-input")).sendKeys(KEY);
        driver.findElement(By.cssSelector("#key-form button")).click();
        waitReady();
        assertThat(driver.findElement(By.id("key-set")).isDisplayed()).isTrue();
        assertThat(driver.findElement(By.id("key-input")).getAttribute("value")).as("the key leaves the input").isEmpty();
        assertThat(text("table.models tbody")).contains("sim-measured");

        // upload: a CSV with a bad traffic_level on line 4 is refused whole, with the line, column and value
        go("#/upload");
        Path dir = Files.createTempDirectory("browser-upload");
        String sample = ServiceClient.sampleCsv();
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, ServiceClient.sampleCsvWithBadLine4(), StandardCharsets.UTF_8);
        driver.findElement(By.id("upload-file")).sendKeys(bad.toAbsolutePath().toString());
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("upload-error")));
        waitReady();
        assertThat(text("#upload-error")).isEqualTo("summary CSV has 1 problem; nothing was imported");
        List<WebElement> problem = driver.findElements(By.cssSelector("table.problems tbody tr td"));
        assertThat(problem.get(0).getText()).isEqualTo("4");
        assertThat(problem.get(1).getText()).isEqualTo("traffic_level");
        assertThat(problem.get(3).getText()).isEqualTo("eight");
        shot("upload-errors");

        // a good one, dropped on the drop zone
        ((JavascriptExecutor) driver).executeScript(
                "var dt = new DataTransfer();"
                        + "dt.items.add(new File([arguments[0]], 'sample.csv', {type: 'text/csv'}));"
                        + "document.getElementById('drop').dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));",
                sample);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("upload-ok")));
        waitReady();
        assertThat(text("#upload-ok")).startsWith("Imported 24 rows from sample.csv.");

        // models: the uploaded ones beside the measured one; runs of a model, filtered; delete with confirmation
        go("#/models");
        assertThat(driver.findElements(By.cssSelector("table.models tbody tr"))).hasSize(3);
        driver.findElement(By.xpath("//a[@class='model-link' and text()='qwen-32b']")).click();
        waitReady();
        assertThat(text("#runs-title")).isEqualTo("Runs of qwen-32b");
        assertThat(driver.findElements(By.cssSelector("table.runs tbody tr"))).hasSize(12);
        driver.findElement(By.id("runs-filter")).sendKeys("concurrency 8");
        assertThat(visibleRuns()).isEqualTo(6);
        assertThat(text("#runs-count")).isEqualTo("6 of 12 runs shown");
        driver.findElement(By.id("runs-filter")).clear();
        driver.findElement(By.id("runs-filter")).sendKeys(" ");
        shot("models");
        WebElement firstRow = driver.findElement(By.cssSelector("table.runs tbody tr"));
        String doomed = firstRow.findElement(By.cssSelector("input.pick")).getAttribute("value");
        firstRow.findElement(By.cssSelector("button.delete")).click();
        WebElement confirm = firstRow.findElement(By.cssSelector("button.confirm-delete"));
        assertThat(confirm.getText()).isEqualTo("Delete run " + doomed.substring(0, 8) + "?");
        firstRow.findElement(By.cssSelector("button.cancel-delete")).click();
        assertThat(driver.findElements(By.cssSelector("table.runs tbody tr"))).hasSize(12);
        firstRow.findElement(By.cssSelector("button.delete")).click();
        firstRow.findElement(By.cssSelector("button.confirm-delete")).click();
        wait.until(d -> d.findElements(By.cssSelector("table.runs tbody tr")).size() == 11);
        assertThat(store.find(doomed)).isEmpty();

        // compare two runs side by side
        List<WebElement> picks = driver.findElements(By.cssSelector("input.pick"));
        picks.get(0).click();
        picks.get(1).click();
        driver.findElement(By.id("compare-selected")).click();
        waitReady();
        assertThat(driver.findElements(By.cssSelector("table.side-by-side thead th"))).hasSize(3);
        assertThat(text("table.side-by-side tbody")).contains("qwen-32b", "ttft p95");
        assertChartsDrawn();
        shot("compare");

        // run detail of a measured run: facts (escaped), charts, request records
        go("#/run/" + measuredRunId);
        assertThat(text("h1")).isEqualTo("Run " + measuredRunId.substring(0, 8) + " · measured <b>run</b>");
        assertThat(driver.findElements(By.cssSelector("h1 b"))).as("names are text, not markup").isEmpty();
        assertThat(driver.findElements(By.cssSelector("table.records tbody tr"))).hasSize(24);
        assertThat(text("table.metrics tbody")).contains("ttft", "e2e");
        assertChartsDrawn();
        shot("run-detail");

        // modeling: predict for a workload, confidence styled; then the curve with its band
        go("#/modeling");
        new Select(driver.findElement(By.id("m-model"))).selectByValue("llama-8b");
        setValue("m-in", "1024");
        setValue("m-out", "256");
        setValue("m-level", "8");
        driver.findElement(By.cssSelector("#predict-form button")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("table.prediction")));
        waitReady();
        WebElement badge = driver.findElement(By.cssSelector("#predict-result .conf"));
        assertThat(badge.getAttribute("class")).matches("conf conf-(high|medium)");
        assertThat(badge.getCssValue("background-color")).isNotEqualTo("rgba(0, 0, 0, 0)");
        assertThat(text("table.prediction tbody")).contains("ttft", "e2e", "user_tps");
        new Select(driver.findElement(By.id("c-vary"))).selectByValue("outputTokens");
        driver.findElement(By.cssSelector("#curve-form button")).click();
        wait.until(d -> "1".equals(d.findElement(By.tagName("body")).getAttribute("data-charts-drawn")));
        assertThat(text("#curve-result .summary")).startsWith("e2e (ms) against outputTokens, 40 points");
        shot("modeling");

        // the other forms answer
        go("#/compare-models");
        driver.findElement(By.cssSelector("#compare-form button")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("table.comparison")));
        assertThat(text("table.comparison tbody")).contains("llama-8b", "qwen-32b");
        go("#/rank");
        driver.findElement(By.cssSelector("#rank-form button")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("table.ranking")));
        assertThat(text("#rank-result")).contains("Basis: mean over each model's measured runs", "ttft");
        go("#/estimate");
        new Select(driver.findElement(By.id("e-model"))).selectByValue("llama-8b");
        driver.findElement(By.cssSelector("#estimate-form button")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("table.estimate")));
        assertThat(text("table.estimate tbody")).startsWith("llama-8b");
        go("#/recommend");
        setValue("s-threshold", "100000");
        driver.findElement(By.cssSelector("#recommend-form button")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("table.recommended")));
        assertThat(driver.findElements(By.cssSelector("table.recommended tbody tr"))).hasSizeGreaterThanOrEqualTo(2);
        assertThat(text("table.recommended tbody")).contains("llama-8b");

        assertNoConsoleProblems();
    }

    @Test
    void pagesLayOutAtPhoneWidthWithoutConsoleProblems() throws Exception {
        driver.manage().window().setSize(new Dimension(500, 1000));
        try {
            driver.get(service.baseUrl() + "/#/models");
            waitReady();
            driver.findElement(By.id("key-input")).sendKeys(KEY);
            driver.findElement(By.cssSelector("#key-form button")).click();
            waitReady();
            shot("models-500");
            go("#/run/" + measuredRunId);
            assertChartsDrawn();
            Object overflow = ((JavascriptExecutor) driver).executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
            assertThat(((Number) overflow).intValue()).as("no sideways scrolling of the page at 500 px").isLessThanOrEqualTo(0);
            shot("run-detail-500");
            go("#/modeling");
            shot("modeling-500");
            driver.get(service.baseUrl() + "/explorer");
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".opblock")));
            assertThat(driver.findElements(By.cssSelector(".opblock")).size()).isGreaterThan(20);
            shot("explorer-500");
            assertNoConsoleProblems();
        } finally {
            driver.manage().window().setSize(new Dimension(1280, 1000));
        }
    }

    private void go(String hash) {
        ((JavascriptExecutor) driver).executeScript("location.hash = arguments[0];", hash);
        wait.until(d -> !"loading".equals(d.findElement(By.tagName("body")).getAttribute("data-state")));
        waitReady();
    }

    private void waitReady() {
        wait.until(d -> {
            String s = d.findElement(By.tagName("body")).getAttribute("data-state");
            if ("error".equals(s)) {
                fail("the page shows an error: " + d.findElement(By.cssSelector(".error")).getText());
            }
            return "ready".equals(s);
        });
    }

    private void assertChartsDrawn() {
        wait.until(d -> d.findElement(By.tagName("body")).getAttribute("data-charts-drawn") != null);
        WebElement body = driver.findElement(By.tagName("body"));
        int total = Integer.parseInt(body.getAttribute("data-charts"));
        assertThat(total).isGreaterThan(0);
        assertThat(body.getAttribute("data-charts-drawn")).isEqualTo(Integer.toString(total));
    }

    private int visibleRuns() {
        return (int) driver.findElements(By.cssSelector("table.runs tbody tr")).stream().filter(WebElement::isDisplayed).count();
    }

    private void setValue(String id, String value) {
        WebElement e = driver.findElement(By.id(id));
        e.clear();
        e.sendKeys(value);
    }

    private String text(String css) {
        return driver.findElement(By.cssSelector(css)).getText();
    }

    private void shot(String name) throws IOException {
        // the whole page: grow the window to the document's height for the picture
        Dimension before = driver.manage().window().getSize();
        Number height = (Number) ((JavascriptExecutor) driver).executeScript("return document.documentElement.scrollHeight;");
        driver.manage().window().setSize(new Dimension(before.getWidth(), Math.min(6000, height.intValue() + 140)));
        byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        Files.write(SHOTS.resolve(name + ".png"), png);
        driver.manage().window().setSize(before);
        collectConsole();
    }

    private void collectConsole() {
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            // Chromium logs every 4xx answer as a failed load; the API's refusals (the bad upload) are shown by
            // the page and expected. A page asset that fails to load, a script error or a CSP violation is not.
            boolean apiRefusal = e.getMessage().matches("\\S+/api/\\S* - Failed to load resource: the server responded with a status of 4\\d\\d .*");
            if (e.getLevel().intValue() >= Level.WARNING.intValue() && !apiRefusal) {
                consoleProblems.add(e.getLevel() + " " + e.getMessage());
            }
        }
    }

    private void assertNoConsoleProblems() {
        collectConsole();
        assertThat(consoleProblems).as("console errors and warnings").isEmpty();
    }

    static Path[] chromium() {
        String require = "LLMBENCH_REQUIRE_CHROMIUM";
        Path browser = first(System.getenv("LLMBENCH_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser");
        Path chromedriver = first(System.getenv("LLMBENCH_CHROMEDRIVER"), "/usr/bin/chromedriver");
        if (browser == null || chromedriver == null) {
            if ("1".equals(System.getenv(require))) {
                fail("Chromium and chromedriver are required (" + require + "=1) but " + (browser == null ? "chromium" : "chromedriver")
                        + " is not installed (apt-get install chromium chromium-driver)");
            }
            assumeThat(false).as("Chromium or chromedriver not installed; set " + require + "=1 to make this test mandatory").isTrue();
        }
        return new Path[] {browser, chromedriver};
    }

    private static Path first(String... candidates) {
        for (String c : candidates) {
            if (c != null && !c.isBlank() && Files.isExecutable(Path.of(c))) {
                return Path.of(c);
            }
        }
        return null;
    }
}

package io.cronwheel.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronwheel.Engine;
import io.cronwheel.support.Api;
import io.cronwheel.support.EngineFixture;
import io.cronwheel.support.PostgresFixture;
import io.cronwheel.support.RecordingReceiver;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import java.io.File;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless browser (Debian's chromium and chromedriver, given to Selenium
 * by path so Selenium Manager never runs) against a real engine, PostgreSQL and HTTP receiver: log
 * in, create a job in the form, see it fire in its history, pause it. Screenshots go to {@code
 * target/screenshots/}.
 */
class DashboardBrowserIT {
  static final String CHROMIUM = "/usr/bin/chromium";
  static final String CHROMEDRIVER = "/usr/bin/chromedriver";
  private static final String ADMIN_TOKEN = "admin-" + UUID.randomUUID();
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private static PgConnectOptions db;
  private static Engine engine;
  private static RecordingReceiver receiver;
  private static String base;
  // Held strongly: java.util.logging forgets loggers nobody references, with their handlers.
  private static final Logger DRIVER_FINDER =
      Logger.getLogger("org.openqa.selenium.remote.service.DriverFinder");
  private static final List<String> driverFinderLog = new CopyOnWriteArrayList<>();
  private WebDriver browser;
  private WebDriverWait wait;

  @BeforeAll
  static void start() throws Exception {
    db = PostgresFixture.get().newDatabase();
    receiver = RecordingReceiver.start();
    // The dashboard logs in with this admin token; the read-role test mints a read token with it.
    engine = EngineFixture.start(db, Map.of("CRONWHEEL_ADMIN_TOKEN", ADMIN_TOKEN));
    base = "http://127.0.0.1:" + engine.port();
    Files.createDirectories(SCREENSHOTS);
    DRIVER_FINDER.setLevel(Level.FINE);
    DRIVER_FINDER.addHandler(
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            driverFinderLog.add(new SimpleFormatter().formatMessage(record));
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        });
  }

  @AfterAll
  static void stop() {
    engine.stop().await();
    receiver.close();
  }

  @BeforeEach
  void openBrowser() {
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER))
            .usingAnyFreePort()
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1400");
    browser = new ChromeDriver(service, options);
    wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    // There is no network for Selenium Manager to fetch a driver with: it must never run.
    assertThat(driverFinderLog)
        .anySatisfy(line -> assertThat(line).startsWith("Skipping Selenium Manager"));
    driverFinderLog.forEach(System.out::println);
  }

  @AfterEach
  void closeBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void logIn_createAJobInTheForm_seeItFire_pauseIt() throws Exception {
    logIn(ADMIN_TOKEN);
    wait.until(
        ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-card='Jobs active']")));
    assertThat(browser.findElement(By.id("who")).getAttribute("data-role")).isEqualTo("admin");

    browser.findElement(By.linkText("Jobs")).click();
    click("new-job");
    String name = "dashboard-" + UUID.randomUUID().toString().substring(0, 8);
    type("job-name", name);
    type("job-schedule", "*/5 * *");
    WebElement preview = browser.findElement(By.id("schedule-preview"));
    wait.until(ExpectedConditions.textToBePresentInElement(preview, "schedule: expected 6 fields"));
    assertThat(browser.findElement(By.id("job-schedule")).getAttribute("class"))
        .contains("invalid");
    browser.findElement(By.id("job-schedule")).clear();
    type("job-schedule", "* * * * * *");
    browser.findElement(By.id("job-timezone")).clear();
    type("job-timezone", "Asia/Kolkata");
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#next-fires li"), 5));
    assertThat(preview.getText()).contains("Asia/Kolkata").contains("+05:30");
    type("job-url", receiver.url("/dashboard"));
    screenshot("job-form");
    click("save-job");

    wait.until(ExpectedConditions.textToBe(By.id("job-state"), "active"));
    wait.until(
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector("#history-table .badge.succeeded")));
    // A few seconds of history, so the drift chart has a line to draw.
    wait.until(
        ExpectedConditions.numberOfElementsToBeMoreThan(
            By.cssSelector("#history-table .badge.succeeded"), 4));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#drift-chart canvas")));
    assertThat(receiver.received(r -> r.path().equals("/dashboard"))).isNotEmpty();
    String id = browser.getCurrentUrl().replaceFirst(".*#/jobs/", "");
    screenshot("job-history");

    click("pause-job");
    wait.until(ExpectedConditions.textToBe(By.id("job-state"), "paused"));
    JsonObject stored = adminApi("GET", "/api/v1/jobs/" + id, null).json();
    assertThat(stored.getString("name")).isEqualTo(name);
    assertThat(stored.getBoolean("active")).isFalse();
    assertThat(stored.getString("timezone")).isEqualTo("Asia/Kolkata");

    browser.findElement(By.linkText("Jobs")).click();
    type("job-search", name);
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector("#job-table tr[data-job='" + name + "']"), "paused"));
    screenshot("job-table");

    browser.findElement(By.linkText("Executions")).click();
    new Select(wait.until(ExpectedConditions.elementToBeClickable(By.id("exec-status"))))
        .selectByValue("SUCCEEDED");
    wait.until(
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector("#exec-table .badge.succeeded")));
    screenshot("executions");

    browser.findElement(By.linkText("Cluster")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("cluster"), "1 live node"));
    browser.findElement(By.linkText("Concurrency")).click();
    assertThat(
            wait.until(ExpectedConditions.elementToBeClickable(By.id("save-config"))).isEnabled())
        .isTrue();

    browser.findElement(By.linkText("Overview")).click();
    wait.until(
        ExpectedConditions.textToBe(By.cssSelector("[data-card='Jobs paused'] .value"), "1"));
    screenshot("overview");
  }

  @Test
  void theReadRole_seesEverythingAndCanChangeNothing() throws Exception {
    Api.Response created =
        adminApi(
            "POST",
            "/api/v1/jobs",
            new JsonObject()
                .put("name", "read-role-" + UUID.randomUUID())
                .put("schedule", "0 0 0 1 1 *")
                .put("target", new JsonObject().put("url", receiver.url("/read"))));
    assertThat(created.status()).isEqualTo(201);
    String id = created.json().getString("id");
    Api.Response token =
        adminApi(
            "POST",
            "/api/v1/tokens",
            new JsonObject().put("name", "viewer-" + UUID.randomUUID()).put("role", "read"));
    assertThat(token.status()).as(token.body()).isEqualTo(201);

    logIn("not-a-token");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("login-message"), "refused"));

    logIn(token.json().getString("token"));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("banner"), "read role"));
    browser.get(base + "/#/jobs/" + id);
    WebElement pause = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("pause-job")));
    assertThat(pause.isEnabled()).isFalse();
    assertThat(pause.getAttribute("title")).isEqualTo("needs the write role");
    assertThat(browser.findElement(By.id("trigger-job")).isEnabled()).isFalse();
    assertThat(browser.findElement(By.id("edit-job")).isEnabled()).isFalse();
    wait.until(
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector("#job-history, #history-table")));
    browser.findElement(By.linkText("Jobs")).click();
    assertThat(
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("new-job"))).isEnabled())
        .isFalse();
    browser.findElement(By.linkText("Concurrency")).click();
    WebElement save = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("save-config")));
    assertThat(save.isEnabled()).isFalse();
    assertThat(save.getAttribute("title")).isEqualTo("needs the admin role");
    screenshot("read-role");
    assertThat(adminApi("GET", "/api/v1/jobs/" + id, null).json().getBoolean("active")).isTrue();
  }

  private void logIn(String token) {
    browser.get(base + "/");
    WebElement field = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
    field.sendKeys(token);
    click("login-button");
  }

  private void type(String id, String text) {
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(id))).sendKeys(text);
  }

  private void click(String id) {
    wait.until(ExpectedConditions.elementToBeClickable(By.id(id))).click();
  }

  private void screenshot(String name) throws Exception {
    File shot = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Files.copy(
        shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  private static Api.Response adminApi(String method, String path, JsonObject body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Authorization", "Bearer " + ADMIN_TOKEN)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body.encode()));
    return new Api(engine.port()).send(request);
  }
}

package io.cepheus.server.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;


import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import io.cepheus.server.http.ApiNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The web console in a real headless Chromium against a real server on the embedded broker: a rule
 * author signs in, writes a rule with a mistake and sees it underlined at its line with the server's
 * suggestion, fixes and saves it, reads its pattern view, backtests it on pasted events, watches a live
 * alert arrive and resolves it; a viewer can read but not edit. Every screen is photographed into
 * {@code target/screenshots}, and an error in the browser's console fails the test. The tests run in
 * order: a later one uses the rule an earlier one saved. An author also creates a webhook endpoint
 * for a real receiver, sees its secret once, sends a test alert and sees it delivered in the log.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {

    static final String RULE = "card_probe";

    @TempDir
    static Path dir;
    static ApiNode api;
    static Browser browser;
    static String author;

    @BeforeAll
    static void start() {
        api = new ApiNode(dir, Map.of("CEPHEUS_WEBHOOK_ALLOW_LOOPBACK", "true")); // the receiver is on loopback
        author = api.token("analyst", "author");
        api.as(author).contentType("text/plain").body("""
                stream payments {
                  time ts
                  key card
                  fields {
                    card: string
                    amount: decimal
                    ts: timestamp
                  }
                }
                """).post("/api/v1/streams").then().statusCode(201);
        browser = new Browser(api.base);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        api.close();
    }

    @AfterEach
    void noErrorsInTheBrowsersConsole() {
        browser.assertNoConsoleErrors();
    }

    @Test
    @Order(1)
    void anAuthorSignsInWithAToken() {
        browser.open("/rules");
        browser.visible("#token");
        browser.screenshot("01-sign-in");

        browser.signIn(author);

        browser.text("#who", "analyst");
        browser.text("#who", "author");
        browser.text(".empty", "No rules yet");
        assertThat(browser.present("#new-rule")).as("an author may create rules").isTrue();
        browser.screenshot("02-rules-empty");
    }

    @Test
    @Order(2)
    void aMistakeIsUnderlinedAtItsLineAndTheFixedRuleIsSaved() {
        browser.visible("#new-rule").click();
        WebElement editor = browser.visible(".cm-content");
        browser.text("#diagnostics", "No problems.");
        editor.click();
        // line 1: my_rule → card_probe; line 8: `small: amount < 2` → `small: amout < 2`
        editor.sendKeys(Keys.chord(Keys.CONTROL, Keys.HOME), Keys.END, Keys.ARROW_LEFT, Keys.ARROW_LEFT);
        editor.sendKeys(Keys.BACK_SPACE.toString().repeat("my_rule".length()), RULE);
        editor.sendKeys(Keys.chord(Keys.CONTROL, Keys.HOME));
        editor.sendKeys(Keys.ARROW_DOWN.toString().repeat(7), Keys.END);
        editor.sendKeys(Keys.ARROW_LEFT.toString().repeat(5), Keys.BACK_SPACE);

        WebElement finding = browser.visible("#diagnostics .finding-error");
        assertThat(finding.getAttribute("data-line")).isEqualTo("8");
        assertThat(finding.getAttribute("data-column")).isEqualTo("12");
        assertThat(finding.getText()).contains("8:12").contains("unknown field 'amout'");
        WebElement underline = browser.visible(".cm-lintRange-error");
        assertThat(underline.getText()).isEqualTo("amout");
        assertThat(browser.driver.findElements(By.cssSelector(".cm-gutter-lint .cm-gutterElement .cm-lint-marker-error")))
                .as("a marker in the gutter").hasSize(1);
        new Actions(browser.driver).moveToElement(underline).perform();
        browser.text(".cm-tooltip-lint", "did you mean 'amount'?");
        browser.screenshot("03-editor-inline-error");

        browser.visible(".cm-tooltip-lint .cm-diagnosticAction").click(); // "Use 'amount'"
        browser.text("#diagnostics", "No problems.");
        browser.visible("#save").click();
        browser.text(".save-panel", "+ rule " + RULE + " {");
        browser.screenshot("04-save-with-diff");
        browser.visible("#confirm-save").click();

        browser.text("#saved", "Saved as version 1.");
        browser.wait.until(ExpectedConditions.urlContains("/rules/" + RULE));
        api.as(author).get("/api/v1/rules/" + RULE).then().statusCode(200).body("version", equalTo(1))
                .body("text", org.hamcrest.Matchers.containsString("small: amount < 2"));
    }

    @Test
    @Order(3)
    void thePatternViewDrawsTheStepsAndFollowsTheCursor() {
        browser.open("/rules/" + RULE);
        browser.visible("figure.pattern-view g.step[data-step='small']");
        assertThat(browser.driver.findElements(By.cssSelector("figure.pattern-view g.step"))).hasSize(2);
        browser.text("figure.pattern-view figcaption", "within 10m");

        browser.visible("figure.pattern-view g.step[data-step='big'] rect").click();

        browser.visible("figure.pattern-view g.step.active[data-step='big']");
        browser.text(".cm-activeLine", "big: amount > 500");
        browser.screenshot("05-pattern-view");
    }

    @Test
    @Order(4)
    void aBacktestOnPastedEventsShowsTheAlertWithTheEventsOfEachStep() {
        browser.open("/rules/" + RULE);
        browser.visible("#tab-test").click();
        browser.visible("#events-input").sendKeys("""
                {"card":"c1","amount":1.00,"ts":"2026-03-01T10:00:01Z"}
                {"card":"c2","amount":5.00,"ts":"2026-03-01T10:00:02Z"}
                {"card":"c1","amount":750.00,"ts":"2026-03-01T10:00:03Z"}
                {"card":"c2","amount":900.00,"ts":"2026-03-01T10:00:04Z"}
                """);
        browser.visible("#run-backtest").click();

        browser.text("#alert-count", "1 alert");
        browser.text(".bt-alert[data-key='c1'] .bound[data-step='small'] table.events", "2026-03-01T10:00:01Z");
        browser.text(".bt-alert[data-key='c1'] .bound[data-step='big'] table.events", "750");
        assertThat(browser.present(".bt-alert[data-key='c2']")).as("c2 never paid less than 2").isFalse();
        browser.visible(".histogram");
        browser.screenshot("06-backtest");
    }

    @Test
    @Order(5)
    void aLiveAlertArrivesAndIsResolvedWithADisposition() {
        browser.visible("nav[aria-label='main'] a[href='/alerts']").click();
        browser.text("#feed-state", "live");
        // a quiet stream's watermark follows the wall clock (idle timeout 1 s): events a moment ahead of it are on time
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        api.as(author).contentType("application/x-ndjson").body(
                "{\"card\":\"c7\",\"amount\":1.50,\"ts\":\"" + now.plusSeconds(2) + "\"}\n"
                        + "{\"card\":\"c7\",\"amount\":620.00,\"ts\":\"" + now.plusSeconds(3) + "\"}\n")
                .post("/api/v1/streams/payments/events").then().statusCode(200);

        WebElement row = browser.visible("tr[data-rule='" + RULE + "']");
        assertThat(row.getText()).contains("c7");
        browser.screenshot("07-live-alerts");
        row.findElement(By.tagName("a")).click();

        browser.text("#alert-status", "open");
        browser.text(".bound[data-step='big'] table.events", "620");
        new Select(browser.visible("#disposition")).selectByValue("false_positive");
        browser.visible("#resolve").click();

        browser.text("#alert-status", "resolved");
        browser.text("#alert-disposition", "false positive");
        browser.screenshot("08-alert-resolved");
        String id = browser.driver.getCurrentUrl().replaceAll(".*/alerts/", "");
        api.as(author).get("/api/v1/alerts/" + id).then().statusCode(200)
                .body("lifecycle.status", equalTo("resolved")).body("lifecycle.disposition", equalTo("false_positive"));
    }

    @Test
    @Order(6)
    void theOtherScreensAnswer() {
        browser.open("/why?rule=" + RULE + "&key=c9");
        browser.visible("#why-answer");
        browser.text("#why-answer", "No partial match for this key");
        browser.screenshot("09-why-not");

        browser.open("/streams");
        browser.text("#streams-table", "payments");
        browser.screenshot("10-streams");

        browser.open("/webhooks");
        browser.visible("#webhooks-title, #webhooks-unavailable");
        browser.screenshot("11-webhooks");

        browser.open("/rules/" + RULE + "/versions");
        browser.visible(".version-list button[data-version='1']");
        browser.screenshot("12-versions");

        browser.open("/rules/" + RULE + "/shadow");
        browser.text("main", "only in the shadow");
        browser.screenshot("12-shadow-report");

        browser.open("/rules");
        browser.visible("tr[data-rule='" + RULE + "']");
        browser.screenshot("13-rules");
    }

    @Test
    @Order(7)
    void aWebhookEndpointIsCreatedAndItsTestAlertIsDeliveredToTheReceiver() throws IOException {
        List<Headers> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            received.add(exchange.getRequestHeaders());
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try {
            browser.open("/webhooks");
            browser.visible("#new-webhook").click();
            browser.visible("#webhook-name").sendKeys("pager");
            WebElement url = browser.visible("#webhook-url");
            url.clear();
            url.sendKeys("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
            browser.visible("#webhook-save").click();
            browser.text("#webhook-secret", "whsec_");
            browser.text("#webhooks-table", "pager");
            browser.screenshot("15-webhook-created");

            browser.visible("tr[data-webhook='pager'] a").click();
            browser.visible("#webhook-test").click();
            await().atMost(ApiNode.DEADLINE).pollInterval(Duration.ofMillis(500)).until(() -> {
                browser.visible(By.xpath("//button[text()='Refresh']")).click();
                return browser.present("tr[data-delivery] .status-delivered");
            });
            assertThat(received).as("the receiver got the test alert, signed").isNotEmpty();
            assertThat(received.getFirst().getFirst("webhook-signature")).startsWith("v1,");
            browser.screenshot("16-webhook-delivered");
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    @Order(8)
    void aViewerReadsButCannotEdit() {
        String viewer = api.token("wall screen", "viewer");
        browser.signIn(viewer);

        browser.text("#who", "viewer");
        browser.visible("tr[data-rule='" + RULE + "']");
        assertThat(browser.present("#new-rule")).as("no New rule for a viewer").isFalse();
        browser.open("/rules/" + RULE);
        browser.visible("#read-only");
        assertThat(browser.present("#save")).as("no Save for a viewer").isFalse();
        assertThat(browser.visible(".cm-content").getAttribute("contenteditable")).isEqualTo("false");
        browser.screenshot("14-viewer-read-only");
    }
}

package org.coordination.ledger.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.coordination.ledger.testsupport.EmbeddedLedgerDatabase;
import org.coordination.ledger.testsupport.LedgerClient;
import org.coordination.ledger.testsupport.Walkthrough;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The web console in a real browser (Debian's chromium, headless, driven by its chromedriver) against the
 * service on a real HTTP server and PostgreSQL: the coordinator walks the start of the seed story through the
 * console's forms, two liaisons pledge through theirs, the rest of the story is sent through the API; then the
 * questions a newcomer must answer from the console alone (who led the civilian side on 1 November 2025, which
 * nations are deployed under which post, why Türkiye's pledge is blocked, when the mandate expires), a liaison's
 * and an auditor's first screens, and a page that updates when another client writes. Screenshots go to
 * {@code target/console-screenshots}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(ConsoleBrowserIT.PageOnFailure.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {

    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    /** The steps of requests.http the browser takes through the forms; the API sends the rest. */
    static final Set<String> THROUGH_THE_CONSOLE = Set.of("1. The coordination center", "Its military lead post", "Its civilian lead post",
            "2. A combatant commander leads the center", "The Secretary of State appoints an ambassador as civilian lead",
            "4. The stabilization force, planned before its mandate", "Its infantry requirement",
            "5. IDN pledges, on condition of a mandate", "5. AZE pledges, on condition of a mandate");

    static ChromeDriver browser;
    static WebDriverWait wait;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        EmbeddedLedgerDatabase.register(registry);
    }

    @LocalServerPort
    int port;

    @BeforeAll
    static void openBrowser() throws IOException {
        Path chromium = Path.of("/usr/bin/chromium");
        Path driver = Path.of("/usr/bin/chromedriver");
        assertThat(Files.isExecutable(chromium) && Files.isExecutable(driver))
                .as("the console's tests need Debian's chromium and chromium-driver (apt-get install chromium chromium-driver; .ci/run does)")
                .isTrue();
        ChromeOptions options = new ChromeOptions().setBinary(chromium.toFile())
                .addArguments("--headless", "--no-sandbox", "--disable-background-networking", "--disable-dev-shm-usage",
                        "--window-size=1440,1000", "--lang=en");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    @Order(1)
    void theCoordinatorWalksTheStartOfTheSeedStoryThroughTheForms() throws IOException {
        browser.get(url("/"));
        wait.until(ExpectedConditions.urlContains("/login")); // signed out: the console sends people to sign in
        signIn("coordinator");
        // the coordinator's first screen is the command structure; nothing is recorded yet
        waitForText("#view", "Nothing recorded yet");

        issue("establish-command-structure", Map.of("structureId", "cmcc", "name", "Civil-Military Coordination Center",
                "leadNation", "USA", "location", "Kiryat Gat", "effectiveAt", "2025-10-17", "citation", "Ceasefire agreement, 9 October 2025"));
        issue("establish-post", Map.of("structureId", "cmcc", "postId", "military-lead", "title", "Military lead", "line", "MILITARY",
                "appointingAuthority", "Secretary of War", "eligibility", "MILITARY_ONLY", "effectiveAt", "2025-10-17"));

        // a field left out: the refusal names it, next to its input
        open("#/commands/establish-post");
        fill(Map.of("structureId", "cmcc", "postId", "civilian-lead", "line", "CIVILIAN", "appointingAuthority", "Secretary of State",
                "eligibility", "CIVILIAN_ONLY", "effectiveAt", "2025-10-17"));
        submit();
        WebElement fieldError = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-path='title'] .field-error")));
        assertThat(fieldError.getText()).startsWith("title:");
        assertThat(browser.findElement(By.id("f-title")).getAttribute("aria-invalid")).isEqualTo("true");
        fill(Map.of("title", "Civilian lead"));
        submit();
        waitForText("#form-outcome", "Accepted: PostEstablished");

        // two posts, nobody in them: the chart shows two vacancies
        open("#/structure/cmcc");
        waitForText("#view", "2 vacant posts");
        assertThat(browser.findElements(By.cssSelector(".chart .post.vacant"))).hasSize(2);
        screenshot("structure-vacant");

        issue("appoint-lead", Map.of("structureId", "cmcc", "postId", "military-lead", "appointedBy", "Secretary of War", "effectiveAt", "2025-10-17",
                "appointee.name", "Brad Cooper", "appointee.titleOrRank", "Admiral", "appointee.nationality", "USA",
                "appointee.parentOrganization", "U.S. Central Command", "appointee.service", "MILITARY"));

        // a business rule refuses: its code and the domain's sentence are shown, nothing is written
        open("#/commands/appoint-lead");
        Map<String, String> fagin = Map.of("structureId", "cmcc", "postId", "civilian-lead", "appointedBy", "Secretary of War",
                "effectiveAt", "2025-10-24", "citation", "State Department announcement, 24 October 2025", "appointee.name", "Steven Fagin",
                "appointee.titleOrRank", "Ambassador", "appointee.nationality", "USA", "appointee.parentOrganization", "Department of State");
        fill(fagin);
        new Select(browser.findElement(By.id("f-appointee-service"))).selectByValue("CIVILIAN");
        submit();
        WebElement refusal = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("refusal")));
        assertThat(refusal.getText()).contains("422").contains("WRONG_APPOINTING_AUTHORITY").contains("Secretary of State");
        assertThat(browser.findElement(By.cssSelector("[data-path='appointedBy'] .field-error")).getText())
                .as("the refused value is marked where it was typed").startsWith("WRONG_APPOINTING_AUTHORITY");
        screenshot("refusal");
        fill(Map.of("appointedBy", "Secretary of State"));
        submit();
        waitForText("#form-outcome", "Accepted: LeadAppointed");

        issue("establish-force", Map.of("forceId", "isf", "name", "International Stabilization Force", "politicalAuthority", "Board of Peace",
                "leadNation", "USA", "commandModel", "LEAD_NATION", "plannedStrength", "20000", "mandateId", "gaza-isf-mandate", "effectiveAt", "2025-10-20"));
        issue("define-force-requirement", Map.of("forceId", "isf", "lineId", "infantry", "capability", "Infantry battalions",
                "personnel", "12000", "sector", "Gaza"));

        // the chart has changed: both leads in their posts
        open("#/structure/cmcc");
        waitForText("#view", "Every post is filled");
        assertThat(chartText()).contains("Brad Cooper").contains("Steven Fagin");
        signOut();
    }

    @Test
    @Order(2)
    void twoLiaisonsPledgeThroughTheirOwnForms() {
        for (String nation : new String[] {"IDN", "AZE"}) {
            String liaison = "liaison-" + nation.toLowerCase();
            signIn(liaison);
            open("#/commands");
            String commands = browser.findElement(By.id("view")).getText();
            assertThat(commands).contains("join force").contains("commit contribution").doesNotContain("appoint lead").doesNotContain("authorize mandate");
            open("#/commands/join-force?forceId=isf");
            assertThat(browser.findElement(By.id("f-nation")).getAttribute("value")).as("the liaison's own nation, filled in").isEqualTo(nation);
            fill(Map.of("contributionId", "isf-" + nation.toLowerCase(), "readiness", "L2", "authorityOffered", "OPCON", "effectiveAt", "2025-11-01",
                    "units", "[{\"requirementLine\":\"infantry\",\"type\":\"Infantry battalion\",\"personnel\":1000}]",
                    "conditions", "[{\"type\":\"MANDATE_REQUIRED\"}]"));
            submit();
            waitForText("#form-outcome", "Accepted: ContributionPledged");
            signOut();
        }
    }

    @Test
    @Order(3)
    void theRestOfTheStoryArrivesThroughTheApi() throws Exception {
        int sent = Walkthrough.run(port, THROUGH_THE_CONSOLE::contains, exchange -> { });
        assertThat(sent).isGreaterThan(40);
    }

    @Test
    @Order(4)
    void aNewcomerAnswersTheFourQuestionsFromTheConsole() throws IOException {
        signIn("coordinator");
        // who led the civilian side on 1 November 2025
        open("#/structure/cmcc");
        waitForText("#view", "Patrick Frank");
        setDate("2025-11-01");
        wait.until(ExpectedConditions.urlContains("asOf=2025-11-01"));
        waitForText("#view", "Steven Fagin");
        assertThat(chartText()).contains("Civilian lead").contains("Steven Fagin").contains("Brad Cooper").doesNotContain("Patrick Frank");
        assertThat(Integer.parseInt(browser.findElement(By.id("asof-slider")).getAttribute("value")))
                .as("the slider moved back with the date").isLessThan(Integer.parseInt(browser.findElement(By.id("asof-slider")).getAttribute("max")));
        screenshot("structure-2025-11-01");
        // the slider itself: one step back from 1 December 2025 still shows the earlier holder, as recorded now
        setDate("2025-12-01");
        waitForText("#view", "Brad Cooper");
        browser.findElement(By.id("asof-slider")).sendKeys(Keys.ARROW_LEFT);
        wait.until(ExpectedConditions.urlContains("asOf=2025-11-30"));
        waitForText("#view", "Brad Cooper");
        // as the ledger knew it then: on 30 November 2025 it knew nothing (everything was recorded during this test)
        browser.findElement(By.id("recorded")).click();
        wait.until(ExpectedConditions.urlContains("recorded=1"));
        waitForText("#view", "did not exist at that time");
        browser.findElement(By.id("asof-now")).click();
        waitForText("#view", "Patrick Frank");

        // which nations are deployed under which post, and why Türkiye's pledge is blocked
        open("#/force/isf");
        waitForText("#view", "Pledges");
        WebElement idn = row("IDN");
        assertThat(idn.getText()).contains("deployed").contains("isf-hq · sector-south (OPCON)");
        WebElement tur = row("TUR");
        assertThat(tur.getText()).contains("Objection by ISR").contains("only ISR can withdraw it");
        assertThat(tur.findElement(By.cssSelector(".badge")).getText()).as("state in words, not colour alone").isEqualTo("offered");
        screenshot("roster");
        open("#/structure/isf-hq");
        waitForText("#view", "Sector South");
        assertThat(chartText()).contains("IDN · 1,000 · OPCON");

        // when the mandate expires
        open("#/mandate/gaza-isf-mandate");
        waitForText("#view", "Expires 2027-12-31");
        assertThat(browser.findElement(By.cssSelector(".countdown")).getText()).matches("\\d+");
        assertThat(browser.findElement(By.id("view")).getText()).contains("S/RES/2803 (2025)").contains("13 / 0 / 2");
        screenshot("mandate");

        // the headquarters grows: a post under the sector, command relationships to it and to the contingent, drawn by kind
        issue("establish-post", Map.of("structureId", "isf-hq", "postId", "sector-south-east", "title", "Sector South-East", "line", "MILITARY",
                "parentPostId", "sector-south", "appointingAuthority", "Force Commander", "eligibility", "ANY"));
        issue("assign-command-relationship", Map.of("structureId", "isf-hq", "relationshipId", "south-se", "type", "OPCON",
                "superiorPostId", "sector-south", "subordinatePostId", "sector-south-east"));
        issue("assign-command-relationship", Map.of("structureId", "isf-hq", "relationshipId", "south-idn", "type", "TACON",
                "superiorPostId", "sector-south", "contingentId", "isf-idn"));
        open("#/structure/isf-hq");
        waitForText("#view", "Sector South-East");
        assertThat(browser.findElements(By.cssSelector(".chart .post.vacant"))).hasSize(2);
        assertThat(browser.findElements(By.cssSelector(".chart path.rel-OPCON"))).hasSize(1);
        assertThat(browser.findElements(By.cssSelector(".chart path.rel-TACON"))).hasSize(1);
        assertThat(browser.findElements(By.cssSelector(".chart .relationship"))).extracting(e -> e.getAttribute("aria-label"))
                .containsExactlyInAnyOrder("OPCON from sector-south to sector-south-east", "TACON from sector-south to isf-idn");
        screenshot("structure-relationships");

        // every number links to its events: the holder's events, with who and citing what
        open("#/structure/cmcc");
        waitForText("#view", "Posts and holders");
        browser.findElement(By.xpath("//td/button[contains(., 'Steven Fagin')]")).click();
        waitForText("#events-body", "LeadAppointed");
        assertThat(browser.findElement(By.id("events-body")).getText()).contains("coordinator").contains("State Department announcement, 24 October 2025");
        browser.findElement(By.cssSelector("#events-dialog .dialog-close button")).click();
    }

    @Test
    @Order(5)
    void aPageFollowsCommandsOtherClientsIssue() throws Exception {
        open("#/structure/cmcc");
        waitForText("#view", "Posts and holders");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("live"), "live"));
        String before = browser.findElement(By.id("view")).getText();
        assertThat(before).doesNotContain("NOR 7");
        assertThat(new LedgerClient(port).command("coordinator", "attach-staff", "{\"structureId\":\"cmcc\",\"nation\":\"NOR\",\"personnel\":7}")
                .status()).isEqualTo(200);
        waitForText("#view", "NOR 7"); // no reload: the live stream said the read models moved
        screenshot("structure");

        // If-Match: the form opened from the view carries the version the view read; a change in between is refused, nothing written
        browser.findElement(By.linkText("appoint lead")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("if-match")));
        assertThat(browser.findElement(By.id("if-match")).isSelected()).isTrue();
        assertThat(browser.findElement(By.id("f-structureId")).getAttribute("value")).isEqualTo("cmcc");
        fill(Map.of("postId", "civilian-lead", "appointedBy", "Secretary of State", "appointee.name", "Aaron Example",
                "appointee.titleOrRank", "Ambassador", "appointee.nationality", "USA", "appointee.service", "CIVILIAN"));
        assertThat(new LedgerClient(port).command("coordinator", "attach-staff", "{\"structureId\":\"cmcc\",\"nation\":\"NOR\",\"personnel\":1}")
                .status()).isEqualTo(200);
        submit();
        waitForText("#refusal", "412");
        assertThat(browser.findElement(By.id("refusal")).getText()).contains("Someone changed it since you looked");
        open("#/structure/cmcc");
        waitForText("#view", "NOR 8");
        assertThat(chartText()).contains("Steven Fagin").doesNotContain("Aaron Example");
        signOut();
    }

    @Test
    @Order(6)
    void aLiaisonSeesTheirPledgeAndOnlyTheirForms() throws IOException {
        signIn("liaison-tur");
        waitForText("#view", "Your pledge (TUR)");
        assertThat(browser.findElement(By.cssSelector(".mine")).getText()).contains("Objection by ISR");
        screenshot("liaison");
        assertThat(browser.findElements(By.cssSelector("nav a"))).extracting(WebElement::getText).doesNotContain("Audit");
        open("#/commands/appoint-lead");
        waitForText("#view", "Your role may not issue appoint-lead");
        signOut();
    }

    @Test
    @Order(7)
    void aHostPartyAndTheRegistrarLandOnTheirOwnScreens() throws IOException {
        signIn("party-isr");
        waitForText("#view", "Your consent register: ISR");
        WebElement register = browser.findElement(By.cssSelector(".mine"));
        assertThat(register.getText()).contains("Consent to the force: granted").contains("TUR").contains("objects");
        assertThat(register.getText()).contains("object to contributor").doesNotContain("appoint lead");
        screenshot("party");
        signOut();
        signIn("registrar");
        waitForText("#view", "Expires 2027-12-31");
        assertThat(browser.findElement(By.id("view")).getText()).contains("extend mandate").contains("amend mandate");
        signOut();
    }

    @Test
    @Order(8)
    void anAuditorVerifiesIntegrity() throws IOException {
        signIn("auditor");
        waitForText("#view", "Timeline");
        browser.findElement(By.id("verify")).click();
        waitForText("#integrity-status", "intact");
        assertThat(browser.findElement(By.id("integrity-status")).getText()).containsPattern("\\d+ events in \\d+ streams checked");
        assertThat(browser.findElement(By.id("view")).getText()).contains("CommandStructureEstablished").contains("Ceasefire agreement, 9 October 2025");
        screenshot("auditor");
        open("#/audit");
        waitForText("#view", "Processors");
        assertThat(browser.findElement(By.id("view")).getText()).contains("read-models").contains("Event log");
        // the replay button asks for every read model, and the box follows the replay to its end
        browser.findElement(By.xpath("//button[text()='Rebuild every read model']")).click();
        wait.until(ExpectedConditions.textMatches(By.xpath("//p[@role='status' and starts-with(., 'Replay ')]"),
                java.util.regex.Pattern.compile("Replay \\S+: completed, (\\d+) of \\1 events")));
        browser.findElement(By.linkText("CommandStructure cmcc #0")).click();
        waitForText("#view", "Stream CommandStructure cmcc");
        assertThat(browser.findElements(By.cssSelector("#view tbody tr"))).hasSizeGreaterThan(5);
        browser.findElement(By.xpath("//tbody/tr[2]//button")).click();
        waitForText("#events-body", "Previous hash in its stream");
        String opened = browser.findElement(By.id("events-body")).getText();
        assertThat(opened).doesNotContain("none (first event)").contains("\"principal\": \"coordinator\"");
        browser.findElement(By.id("events-dialog")).sendKeys(Keys.ESCAPE);
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("events-dialog")));
        signOut();
    }

    /** A failed test leaves the page as it was, image and HTML, beside the screenshots. */
    static class PageOnFailure implements TestWatcher {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (browser != null) {
                try {
                    String name = "failed-" + context.getRequiredTestMethod().getName();
                    Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
                    Files.writeString(SCREENSHOTS.resolve(name + ".html"), browser.getPageSource());
                } catch (IOException | RuntimeException unavailable) {
                    cause.addSuppressed(unavailable);
                }
            }
        }
    }

    // ---------- helpers ----------

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private void signIn(String user) {
        browser.get(url("/login"));
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(user);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("caller"), user));
        wait.until(driver -> ((JavascriptExecutor) driver).executeScript("return document.body.dataset.shown") != null);
    }

    private void signOut() {
        browser.findElement(By.cssSelector(".who form button")).click();
        wait.until(ExpectedConditions.urlContains("/login?signedOut"));
    }

    /** Goes to a view as a link would (the page stays, its hash changes) and waits until the page has drawn it. */
    private void open(String hash) {
        ((JavascriptExecutor) browser).executeScript("delete document.body.dataset.shown; if (location.hash === arguments[0]) "
                + "window.dispatchEvent(new HashChangeEvent('hashchange')); else location.hash = arguments[0];", hash);
        wait.until(driver -> Boolean.TRUE.equals(((JavascriptExecutor) driver).executeScript(
                "return document.body.dataset.shown === location.hash")));
    }

    private void issue(String command, Map<String, String> fields) {
        open("#/commands/" + command);
        fill(fields);
        submit();
        waitForText("#form-outcome", "Accepted");
    }

    private void fill(Map<String, String> fields) {
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("form.command")));
        fields.forEach((path, value) -> {
            WebElement input = browser.findElement(By.id("f-" + path.replaceAll("[^A-Za-z0-9]+", "-")));
            if (input.getTagName().equals("select")) {
                new Select(input).selectByValue(value);
            } else {
                input.clear();
                input.sendKeys(value);
            }
        });
    }

    private void submit() {
        ((JavascriptExecutor) browser).executeScript("document.getElementById('form-outcome').replaceChildren()");
        browser.findElement(By.cssSelector("form.command button[type=submit]")).click();
    }

    private void setDate(String day) {
        WebElement date = browser.findElement(By.id("asof-date"));
        // a date input takes the keys of the browser's locale; setting its value and announcing the change is what a person's typing ends in
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change'))", date, day);
    }

    private void waitForText(String css, String text) {
        wait.withMessage(() -> css + " should show '" + text + "'; it shows: " + browser.findElement(By.cssSelector(css)).getText())
                .until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
    }

    /**
     * The chart's labels, read in one script: the console draws the chart again when its view refreshes, which could
     * replace the elements between a lookup and the reading of each (a stale element, seen once in CI).
     */
    private String chartText() {
        Object text = ((JavascriptExecutor) browser).executeScript(
                "return Array.from(document.querySelectorAll('.chart text'), label => label.textContent).join('\\n')");
        return text == null ? "" : text.toString();
    }

    private WebElement row(String nation) {
        return browser.findElement(By.xpath("//table//tr[td[1][normalize-space(.)='" + nation + "']]"));
    }

    private void screenshot(String name) throws IOException {
        Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}

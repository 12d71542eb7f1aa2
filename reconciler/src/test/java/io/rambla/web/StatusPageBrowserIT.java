package io.rambla.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.rambla.status.UnitState;
import io.rambla.status.UnitStatusStore;
import io.rambla.support.Chromium;
import io.rambla.support.Emulator;
import io.rambla.support.GitFixture;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The status page as a person sees it: a daemon on the emulator follows a repository with one
 * district that applies and one whose NAT gateway the emulator cannot create, and Debian's
 * headless Chromium opens its pages. Screenshots are kept under {@code target/screenshots/}, or
 * in the folder the system property {@code rambla.screenshots} names: the docs' pictures are taken
 * with {@code -Drambla.screenshots=../docs/images}.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class StatusPageBrowserIT implements TestPropertyProvider {

    static final Path SCREENSHOTS = Path.of(System.getProperty("rambla.screenshots", "target/screenshots"));

    private Path temp;
    private GitFixture git;
    private String commit;
    private final String good = Emulator.uniqueName("page-ok");
    private final String bad = Emulator.uniqueName("page-nat");

    @Inject
    EmbeddedServer server;

    @Inject
    UnitStatusStore statuses;

    @Inject
    SyncTrigger trigger;

    @Override
    public Map<String, String> getProperties() {
        try {
            temp = Files.createTempDirectory("rambla-page-it");
            git = GitFixture.create(temp, "main");
            commit = git.commitAndPush("Two districts, one of them with a NAT gateway", Map.of(
                    "rambla.yml", "stack_prefix: it\n",
                    "districts/" + good + ".yml", "region: us-east-1\nnat_type: none\ncidr_block: 10.51.0.0/16\n",
                    // The pinned emulator cannot allocate Elastic IPs: this district fails to create.
                    "districts/" + bad + ".yml", "region: us-east-1\nnat_type: managed_gateway\ncidr_block: 10.52.0.0/16\n"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        var aws = Emulator.config();
        return Map.of(
                "rambla.git.url", git.url(),
                "rambla.git.poll-interval", "1h",
                "rambla.git.workdir", temp.resolve("checkout").toString(),
                "rambla.aws.endpoint", aws.endpoint(),
                "rambla.aws.region", aws.region(),
                "micronaut.server.port", "-1");
    }

    @AfterAll
    void closeRepository() {
        git.close();
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    void theOverviewShowsTheHeaderTheGraphAndTheFailingUnit() throws Exception {
        Chromium.requireInstalled();
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).until(() ->
                statuses.get("district/" + bad).map(s -> s.state() == UnitState.FAILED).orElse(false)
                        && statuses.get("district/" + good).map(s -> s.state() == UnitState.APPLIED).orElse(false));
        String url = "http://127.0.0.1:" + server.getPort() + "/";

        String dom = Chromium.dumpDom(url);

        assertThat(dom).contains("Following <code>", "branch <code>main</code>", commit.substring(0, 7),
                "Two districts, one of them with a NAT gateway");
        assertThat(dom).contains("<svg class=\"graph\"", "<a class=\"node healthy\" href=\"/units/district/" + good + "\">",
                "<a class=\"node failed\" href=\"/units/district/" + bad + "\">");
        String badRow = dom.substring(dom.indexOf("<td><a href=\"/units/district/" + bad + "\">"));
        badRow = badRow.substring(0, badRow.indexOf("</tr>"));
        assertThat(badRow).contains("state failed", "<span class=\"health health-failed\">failed</span>");
        Chromium.screenshot(url, SCREENSHOTS.resolve("status-page.png"), 1400, 700);

        String unitUrl = url + "units/district/" + bad;
        String unitDom = Chromium.dumpDom(unitUrl);
        assertThat(unitDom).contains("<h1>district/" + bad, "<h2>History</h2>", "state failed",
                "<div class=\"failures\"><strong>What CloudFormation said</strong>", "<code>NatGateway1</code> (AWS::EC2::NatGateway) CREATE_FAILED",
                "<h2>Change that failed</h2>");
        Chromium.screenshot(unitUrl, SCREENSHOTS.resolve("unit-page.png"), 1400, 900);
    }

    @Test
    @org.junit.jupiter.api.Order(2)
    void aUnitsPageShowsItsLastChangeResourcesAndEvents() throws Exception {
        Chromium.requireInstalled();
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).until(() ->
                statuses.get("district/" + good).map(s -> s.state() == UnitState.APPLIED).orElse(false));
        String widened = git.commitAndPush("Widen the district", Map.of("districts/" + good + ".yml",
                "region: us-east-1\nnat_type: none\ncidr_block: 10.53.0.0/16\n"));
        trigger.requestSync("browser test");
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).until(() ->
                statuses.get("district/" + good).map(s -> widened.equals(s.lastAppliedRevision())).orElse(false));
        String unitUrl = "http://127.0.0.1:" + server.getPort() + "/units/district/" + good;

        String dom = Chromium.dumpDom(unitUrl);

        assertThat(dom).contains("<h2>Last applied change</h2>", "<code>Vpc</code>",
                "<code>CidrBlock</code>: <span class=\"before\">10.51.0.0/16</span> → <span class=\"after\">10.53.0.0/16</span>",
                "<h2>Resources</h2>", "<code>InternetGateway</code>", "<h2>Recent CloudFormation events</h2>");
        Chromium.screenshot(unitUrl, SCREENSHOTS.resolve("unit-change.png"), 1400, 1100);
    }
}

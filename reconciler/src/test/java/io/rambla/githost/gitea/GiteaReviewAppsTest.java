package io.rambla.githost.gitea;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.rambla.plan.ReviewApps.PullRequestInfo;
import io.rambla.secret.Secret;
import io.rambla.githost.GitHubException;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What review apps need from Gitea/Forgejo, against a WireMock Gitea shaped after
 * https://gitea.com/api/swagger: {@code PullRequest.labels[].name}, {@code head.repo.id} and
 * {@code base.repo.id}; {@code GET /repos/{owner}/{repo}/issues/{index}/labels} and
 * {@code DELETE /repos/{owner}/{repo}/issues/{index}/labels/{id}}.
 */
class GiteaReviewAppsTest {

    static final String REPO = "/api/v1/repos/acme/infra";
    static final String LIST = REPO + "/pulls?state=open&limit=50";

    private final WireMockServer gitea = new WireMockServer(options().dynamicPort());
    private GiteaClient client;

    @BeforeEach
    void start() {
        gitea.start();
        client = new GiteaClient(URI.create(gitea.baseUrl() + "/api/v1"), "acme/infra", Secret.of(GiteaClientTest.TOKEN), Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        gitea.stop();
    }

    private static String pull(int number, String sha, String labels, String headRepo, String base) {
        return "{\"number\": " + number + ", \"state\": \"open\", \"labels\": " + labels + ","
                + " \"head\": {\"ref\": \"feature-" + number + "\", \"sha\": \"" + sha + "\", \"repo\": " + headRepo + "},"
                + " \"base\": {\"ref\": \"" + base + "\", \"sha\": \"0000aaa\", \"repo\": {\"id\": 7, \"full_name\": \"acme/infra\"}}}";
    }

    private static String label(long id, String name) {
        return "{\"id\": " + id + ", \"name\": \"" + name + "\", \"color\": \"00aabb\"}";
    }

    @Test
    void giteaAnswersReviewApps() {
        assertThat(client.supportsReviewApps()).isTrue();
    }

    @Test
    void labelsAndForksAreReadFromEveryPageOfPullRequestsIntoTheBase() {
        String page2 = gitea.baseUrl() + LIST + "&page=2";
        gitea.stubFor(get(urlEqualTo(LIST)).willReturn(aResponse().withStatus(200)
                .withHeader("Link", "<" + page2 + ">; rel=\"next\",<" + page2 + ">; rel=\"last\"")
                .withBody("[" + pull(4, "aaa111", "[" + label(3, "rambla/review-app") + "," + label(9, "backend") + "]",
                        "{\"id\": 7, \"full_name\": \"acme/infra\"}", "main") + ","
                        + pull(5, "bbb222", "[" + label(3, "rambla/review-app") + "]", "{\"id\": 99, \"full_name\": \"mallory/infra\"}", "main")
                        + "]")));
        gitea.stubFor(get(urlEqualTo(LIST + "&page=2")).willReturn(aResponse().withStatus(200)
                .withBody("[" + pull(6, "ccc333", "[]", "{\"id\": 7, \"full_name\": \"acme/infra\"}", "main") + ","
                        + pull(7, "ddd444", "[" + label(3, "rambla/review-app") + "]", "null", "main") + ","
                        + pull(8, "eee555", "[" + label(3, "rambla/review-app") + "]", "{\"id\": 7}", "release") + "]")));

        assertThat(client.openPullRequestsForReviewApps("main")).containsExactly(
                new PullRequestInfo(4, "aaa111", Set.of("rambla/review-app", "backend"), false),
                new PullRequestInfo(5, "bbb222", Set.of("rambla/review-app"), true),
                new PullRequestInfo(6, "ccc333", Set.of(), false),
                // the head repository was deleted: it cannot be told from a fork, so it is treated as one
                new PullRequestInfo(7, "ddd444", Set.of("rambla/review-app"), true));
    }

    @Test
    void aLabelIsRemovedByTheIdItHasOnThePullRequest() {
        gitea.stubFor(get(urlEqualTo(REPO + "/issues/4/labels")).willReturn(aResponse().withStatus(200)
                .withBody("[" + label(9, "backend") + "," + label(31, "rambla/review-app") + "," + label(32, "Rambla/Review-App") + "]")));
        gitea.stubFor(delete(urlEqualTo(REPO + "/issues/4/labels/31")).willReturn(aResponse().withStatus(204)));

        client.removeLabel(4, "rambla/review-app");

        gitea.verify(deleteRequestedFor(urlEqualTo(REPO + "/issues/4/labels/31"))
                .withHeader("Authorization", equalTo("token " + GiteaClientTest.TOKEN)));
        gitea.verify(1, deleteRequestedFor(urlPathMatching(".*/labels/.*")));
    }

    @Test
    void aLabelThePullRequestDoesNotCarrySendsNoDelete() {
        gitea.stubFor(get(urlEqualTo(REPO + "/issues/4/labels")).willReturn(aResponse().withStatus(200)
                .withBody("[" + label(9, "backend") + ", {\"name\": \"rambla/review-app\"}]")));

        client.removeLabel(4, "rambla/review-app");

        gitea.verify(0, deleteRequestedFor(urlPathMatching(".*")));
    }

    @Test
    void aLabelGoneMeanwhileIsNoErrorButARefusalIs() {
        gitea.stubFor(get(urlEqualTo(REPO + "/issues/4/labels")).willReturn(aResponse().withStatus(200)
                .withBody("[" + label(31, "rambla/review-app") + "]")));
        gitea.stubFor(delete(urlEqualTo(REPO + "/issues/4/labels/31")).willReturn(aResponse().withStatus(404)
                .withBody("{\"message\": \"label not found\"}")));

        client.removeLabel(4, "rambla/review-app");

        gitea.stubFor(delete(urlEqualTo(REPO + "/issues/4/labels/31")).willReturn(aResponse().withStatus(403)
                .withBody("{\"message\": \"token does not have at least one of required scope(s): [write:issue]\"}")));
        assertThatThrownBy(() -> client.removeLabel(4, "rambla/review-app"))
                .isInstanceOf(GitHubException.Terminal.class).hasMessageContaining("403");
    }
}

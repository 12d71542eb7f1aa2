package io.rambla.githost.gitlab;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
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
 * What review apps need from GitLab, against a WireMock GitLab shaped after
 * https://docs.gitlab.com/api/merge_requests/#list-project-merge-requests (a merge request's
 * {@code labels} as names, {@code source_project_id}, {@code target_project_id}) and
 * https://docs.gitlab.com/api/merge_requests/#update-mr ({@code remove_labels}).
 */
class GitLabReviewAppsTest {

    static final String LIST = GitLabClientTest.PROJECT + "/merge_requests?state=opened&target_branch=main&per_page=100";

    private final WireMockServer gitlab = new WireMockServer(options().dynamicPort());
    private GitLabClient client;

    @BeforeEach
    void start() {
        gitlab.start();
        client = new GitLabClient(URI.create(gitlab.baseUrl() + "/api/v4"), "acme/infra", Secret.of(GitLabClientTest.TOKEN), Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        gitlab.stop();
    }

    private static String mergeRequest(int iid, String sha, String labels, String source, String target, String branch) {
        return "{\"id\": " + (1000 + iid) + ", \"iid\": " + iid + ", \"state\": \"opened\", \"target_branch\": \"" + branch + "\","
                + " \"source_branch\": \"feature-" + iid + "\", \"sha\": \"" + sha + "\", \"labels\": " + labels
                + (source == null ? "" : ", \"source_project_id\": " + source)
                + (target == null ? "" : ", \"target_project_id\": " + target) + "}";
    }

    @Test
    void gitLabAnswersReviewApps() {
        assertThat(client.supportsReviewApps()).isTrue();
    }

    @Test
    void labelsAndForksAreReadFromEveryPageOfMergeRequestsIntoTheBase() {
        String page2 = gitlab.baseUrl() + GitLabClientTest.PROJECT + "/merge_requests?state=opened&target_branch=main&per_page=100&page=2";
        gitlab.stubFor(get(urlEqualTo(LIST)).willReturn(aResponse().withStatus(200)
                .withHeader("Link", "<" + page2 + ">; rel=\"next\", <" + page2 + ">; rel=\"last\"")
                .withBody("[" + mergeRequest(4, "aaa111", "[\"rambla/review-app\", \"backend\"]", "7", "7", "main") + ","
                        + mergeRequest(5, "bbb222", "[\"rambla/review-app\"]", "99", "7", "main") + "]")));
        gitlab.stubFor(get(urlEqualTo(GitLabClientTest.PROJECT + "/merge_requests?state=opened&target_branch=main&per_page=100&page=2"))
                .willReturn(aResponse().withStatus(200)
                        .withBody("[" + mergeRequest(6, "ccc333", "[]", "7", "7", "main") + ","
                                + mergeRequest(7, "ddd444", "[\"rambla/review-app\"]", "null", "7", "main") + ","
                                + mergeRequest(8, "eee555", "[\"rambla/review-app\"]", "7", "7", "release") + "]")));

        assertThat(client.openPullRequestsForReviewApps("main")).containsExactly(
                new PullRequestInfo(4, "aaa111", Set.of("rambla/review-app", "backend"), false),
                new PullRequestInfo(5, "bbb222", Set.of("rambla/review-app"), true),
                new PullRequestInfo(6, "ccc333", Set.of(), false),
                // the source project is gone: it cannot be told from a fork, so it is treated as one
                new PullRequestInfo(7, "ddd444", Set.of("rambla/review-app"), true));
    }

    @Test
    void labelsWithDetailsAreReadByName() {
        gitlab.stubFor(get(urlEqualTo(LIST)).willReturn(aResponse().withStatus(200)
                .withBody("[" + mergeRequest(4, "aaa111", "[{\"id\": 3, \"name\": \"rambla/review-app\", \"color\": \"#fff\"}]", "7", "7", "main")
                        + "," + mergeRequest(5, "bbb222", "[\"x\"]", null, "7", "main") + "]")));

        assertThat(client.openPullRequestsForReviewApps("main")).containsExactly(
                new PullRequestInfo(4, "aaa111", Set.of("rambla/review-app"), false),
                new PullRequestInfo(5, "bbb222", Set.of("x"), true));
    }

    @Test
    void aLabelIsRemovedWithRemoveLabelsOnTheMergeRequest() {
        gitlab.stubFor(put(urlEqualTo(GitLabClientTest.PROJECT + "/merge_requests/4")).willReturn(aResponse().withStatus(200)
                .withBody(mergeRequest(4, "aaa111", "[\"backend\"]", "7", "7", "main"))));

        client.removeLabel(4, "rambla/review-app");

        gitlab.verify(putRequestedFor(urlEqualTo(GitLabClientTest.PROJECT + "/merge_requests/4"))
                .withHeader("PRIVATE-TOKEN", equalTo(GitLabClientTest.TOKEN))
                .withRequestBody(equalToJson("{\"remove_labels\": \"rambla/review-app\"}")));
    }

    @Test
    void aLabelWithACommaIsNeverSentBecauseGitLabWouldSplitItIntoOtherLabels() {
        client.removeLabel(4, "rambla/review-app,backend");
        client.removeLabel(4, " ");

        gitlab.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aRefusedRemovalIsReportedAsGitLabsAnswer() {
        gitlab.stubFor(put(urlEqualTo(GitLabClientTest.PROJECT + "/merge_requests/4")).willReturn(aResponse().withStatus(403)
                .withBody("{\"message\": \"403 Forbidden\"}")));

        assertThatThrownBy(() -> client.removeLabel(4, "rambla/review-app"))
                .isInstanceOf(GitHubException.Terminal.class).hasMessageContaining("403");
    }
}

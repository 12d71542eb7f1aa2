package io.rambla.status.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rambla.plan.PullRequestPlan.UnitPlan;
import io.rambla.plan.PullRequestPlan;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Units that got no change set still show in the comment, with the reason. */
class PullRequestPlanNotesTest {

    private static final String HEAD = "c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6";

    private static PullRequestPlan plan() {
        return new PullRequestPlan(HEAD, List.of(
                UnitPlan.failure("district/main", "rambla-district-main", "Throttling: <Rate> exceeded"),
                UnitPlan.afterUpstream("endpoint/main/public", "rambla-endpoint-main-public",
                        "planned after upstream district/main is applied: its stack does not exist yet"),
                UnitPlan.noChange("app/blog/production", "rambla-app-blog-production")), List.of());
    }

    @Test
    void aUnitThatCouldNotBePlannedSaysWhyInsteadOfATable() {
        String md = PullRequestComment.render(plan());

        assertThat(md).contains("#### `district/main`\n❌ No plan for `rambla-district-main`: Throttling: &lt;Rate&gt; exceeded");
        assertThat(md).doesNotContain("| `rambla-district-main` |");
    }

    @Test
    void aUnitPlannedAfterItsUpstreamIsListedWithItsNote() {
        String md = PullRequestComment.render(plan());

        assertThat(md).contains("#### `endpoint/main/public`\n⏳ `rambla-endpoint-main-public`: planned after upstream district/main");
    }

    @Test
    void theSummaryCountsUnitsThatCouldNotBePlanned() {
        assertThat(PullRequestComment.summary(plan())).isEqualTo("1 unit change, 1 could not be planned, 1 unchanged");
    }

    @Test
    void aPlanWithUnitsThatCouldNotBePlannedGetsAnErrorStatusNotASuccess() {
        try (FakeGitHub github = new FakeGitHub()) {
            github.server.stubFor(get(urlPathMatching("/repos/acme/infra/issues/42/comments")).willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", "application/json").withBody("[]")));
            github.server.stubFor(post(urlPathMatching("/repos/acme/infra/issues/42/comments")).willReturn(aResponse().withStatus(201)
                    .withHeader("Content-Type", "application/json").withBody("{\"id\": 7, \"body\": \"\", \"html_url\": \"https://x/7\"}")));
            github.server.stubFor(post(urlPathMatching("/repos/acme/infra/statuses/.*")).willReturn(aResponse().withStatus(201).withBody("{}")));
            GitHubOutbox outbox = github.outbox();
            try {
                new PullRequestCommenter(github.client(), outbox).upsert(42, plan());

                await().atMost(Duration.ofSeconds(5)).until(() -> !github.statusLines().isEmpty());
                assertThat(github.statusLines()).containsExactly("rambla/plan error: 1 unit change, 1 could not be planned, 1 unchanged");
            } finally {
                outbox.close(Duration.ofSeconds(1));
            }
        }
    }
}

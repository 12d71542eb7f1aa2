package io.rambla.status.github;

import io.rambla.githost.IssueComment;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.rambla.plan.PullRequestPlan;
import io.rambla.schema.Diagnostic;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PullRequestCommenterTest {

    private static final String COMMENTS = "/repos/acme/infra/issues/42/comments";
    private static final String HEAD = "c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6";
    private static final ObjectMapper JSON = new ObjectMapper();

    private FakeGitHub github;
    private GitHubOutbox outbox;
    private PullRequestCommenter commenter;

    @BeforeEach
    void start() {
        github = new FakeGitHub();
        github.server.stubFor(post(urlPathMatching("/repos/acme/infra/statuses/.*")).willReturn(aResponse().withStatus(201).withBody("{}")));
        outbox = github.outbox();
        commenter = new PullRequestCommenter(github.client(), outbox);
    }

    @AfterEach
    void stop() {
        outbox.close(Duration.ofSeconds(1));
        github.close();
    }

    private static String comment(long id, String body) {
        return JSON.createObjectNode().put("id", id).put("body", body)
                .put("html_url", "https://github.com/acme/infra/pull/42#issuecomment-" + id)
                .put("user", "").toString();
    }

    private void existingComments(String... comments) {
        github.server.stubFor(get(urlPathEqualTo(COMMENTS)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("[" + String.join(",", comments) + "]")));
    }

    @Test
    void aNewPlanKeepsTheReviewAppSectionBelowIt() throws Exception {
        String section = ReviewAppsComment.render(List.of(new ReviewAppsComment.Line.Running("shop", "http://42-shop.review.example.com", HEAD)),
                List.of());
        existingComments(comment(2002, ReviewAppsComment.withSection(PullRequestComment.render(PullRequestCommentTest.biggerCluster()), section)));
        var next = PullRequestPlan.invalid(HEAD, List.of(Diagnostic.error("districts/main.yml", 4, 13, "cidr_block", "not a CIDR block")));
        github.server.stubFor(patch(urlEqualTo("/repos/acme/infra/issues/comments/2002")).willReturn(aResponse().withStatus(200)
                .withBody(comment(2002, "edited"))));

        commenter.upsert(42, next);

        String edited = JSON.readTree(github.server.findAll(patchRequestedFor(urlEqualTo("/repos/acme/infra/issues/comments/2002")))
                .get(0).getBodyAsString()).path("body").asText();
        assertThat(edited).isEqualTo(PullRequestComment.render(next).stripTrailing() + "\n\n" + section)
                .contains("not a CIDR block", "**shop**: http://42-shop.review.example.com (at `c7d8e9f`)");
    }

    @Test
    void theReviewAppSectionShowsHostileTextAsText() {
        String section = ReviewAppsComment.render(List.of(new ReviewAppsComment.Line.Failed("shop",
                "@everyone see [this](http://evil.example) <!-- rambla:plan --> ![x](http://evil.example/x.png)")), List.of("#1 <b>hi</b>"));

        assertThat(section).startsWith(ReviewAppsComment.MARKER).doesNotContain("[this](", "<!-- rambla:plan -->", "![x]", "<b>", "@everyone");
    }

    @Test
    void theFirstPlanIsPostedAsANewCommentAndTheNextEditsItInPlace() {
        existingComments(comment(1001, "LGTM once the plan is green"));
        github.server.stubFor(post(urlEqualTo(COMMENTS)).willReturn(aResponse().withStatus(201)
                .withBody(comment(2002, PullRequestComment.render(PullRequestCommentTest.biggerCluster())))));

        IssueComment first = commenter.upsert(42, PullRequestCommentTest.biggerCluster());

        assertThat(first.id()).isEqualTo(2002);
        github.server.verify(postRequestedFor(urlEqualTo(COMMENTS))
                .withHeader("Authorization", equalTo("Bearer " + FakeGitHub.TOKEN))
                .withRequestBody(equalToJson(JSON.createObjectNode()
                        .put("body", PullRequestComment.render(PullRequestCommentTest.biggerCluster())).toString())));

        // A new push: the plan changed, and GitHub now lists our comment too.
        var next = PullRequestPlan.invalid(HEAD, List.of(Diagnostic.error("districts/main.yml", 4, 13, "cidr_block", "not a CIDR block")));
        existingComments(comment(1001, "LGTM once the plan is green"), comment(2002, PullRequestComment.render(PullRequestCommentTest.biggerCluster())));
        github.server.stubFor(patch(urlEqualTo("/repos/acme/infra/issues/comments/2002")).willReturn(aResponse().withStatus(200)
                .withBody(comment(2002, PullRequestComment.render(next)))));

        IssueComment second = commenter.upsert(42, next);

        assertThat(second.id()).isEqualTo(2002);
        github.server.verify(1, postRequestedFor(urlEqualTo(COMMENTS)));
        github.server.verify(1, patchRequestedFor(urlEqualTo("/repos/acme/infra/issues/comments/2002"))
                .withRequestBody(equalToJson(JSON.createObjectNode().put("body", PullRequestComment.render(next)).toString())));
    }

    @Test
    void thePlanSetsAPlanStatusOnTheHeadCommit() {
        existingComments();
        github.server.stubFor(post(urlEqualTo(COMMENTS)).willReturn(aResponse().withStatus(201).withBody(comment(2002, "x"))));

        commenter.upsert(42, PullRequestCommentTest.biggerCluster());

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> github.server.verify(postRequestedFor(urlEqualTo("/repos/acme/infra/statuses/" + HEAD))
                .withRequestBody(equalToJson("""
                        {
                          "state": "success",
                          "target_url": "https://github.com/acme/infra/pull/42#issuecomment-2002",
                          "description": "1 unit change, 2 replacements (1 stateful!), 2 unchanged",
                          "context": "rambla/plan"
                        }"""))));
    }

    @Test
    void anInvalidHeadFailsThePlanStatus() {
        existingComments();
        github.server.stubFor(post(urlEqualTo(COMMENTS)).willReturn(aResponse().withStatus(201).withBody(comment(2003, "x"))));

        commenter.upsert(42, PullRequestPlan.invalid(HEAD, List.of(Diagnostic.error("districts/main.yml", 4, 13, "cidr_block", "not a CIDR block"))));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(github.statusLines())
                .containsExactly("rambla/plan failure: does not validate: 1 error"));
    }

    @Test
    void anUnchangedPlanIsNotWrittenAgain() {
        String body = PullRequestComment.render(PullRequestCommentTest.biggerCluster());
        existingComments(comment(2002, body));

        commenter.upsert(42, PullRequestCommentTest.biggerCluster());

        github.server.verify(0, patchRequestedFor(urlPathMatching(".*")));
        github.server.verify(0, postRequestedFor(urlEqualTo(COMMENTS)));
    }

    @Test
    void commentsAreReadAcrossPages() {
        String page2 = github.server.baseUrl() + "/repositories/1/issues/42/comments?per_page=100&page=2";
        ArrayNode many = JSON.createArrayNode();
        for (int i = 0; i < 100; i++) {
            many.add(JSON.createObjectNode().put("id", i).put("body", "comment " + i));
        }
        github.server.stubFor(get(urlPathEqualTo(COMMENTS)).willReturn(aResponse().withStatus(200)
                .withHeader("Link", "<" + page2 + ">; rel=\"next\"").withBody(many.toString())));
        github.server.stubFor(get(urlEqualTo("/repositories/1/issues/42/comments?per_page=100&page=2")).willReturn(aResponse().withStatus(200)
                .withBody("[" + comment(2002, PullRequestComment.MARKER + "\nold plan") + "]")));
        github.server.stubFor(patch(urlEqualTo("/repos/acme/infra/issues/comments/2002")).willReturn(aResponse().withStatus(200).withBody(comment(2002, "x"))));

        commenter.upsert(42, PullRequestCommentTest.biggerCluster());

        github.server.verify(1, patchRequestedFor(urlEqualTo("/repos/acme/infra/issues/comments/2002")));
        github.server.verify(0, postRequestedFor(urlEqualTo(COMMENTS)));
    }
}

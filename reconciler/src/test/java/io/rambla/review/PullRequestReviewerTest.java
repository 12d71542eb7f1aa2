package io.rambla.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rambla.source.SourceException;
import io.rambla.githost.github.GitHubClient;
import io.rambla.githost.GitHubException;
import io.rambla.githost.IssueComment;
import io.rambla.githost.PullRequest;
import io.rambla.status.github.PullRequestCommenter;
import io.rambla.plan.PullRequestPlan;
import io.rambla.secret.Secret;
import io.rambla.supervise.Workers;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The reviewer's queue: one worker, newest request per pull request wins, nothing on the caller's thread. */
class PullRequestReviewerTest {

    private final RecordingReview review = new RecordingReview();
    private final RecordingCommenter commenter = new RecordingCommenter();
    private final PullRequestReviewer reviewer = new PullRequestReviewer(review, commenter);

    @AfterEach
    void stop() {
        review.release.countDown();
        reviewer.close();
    }

    @Test
    void planningRunsOnTheReviewersOwnThreadAndThePlanIsPosted() {
        review.release.countDown();
        String caller = Thread.currentThread().getName();

        reviewer.planPullRequest(7, "aaa");

        await().atMost(Duration.ofSeconds(5)).until(() -> commenter.posted.size() == 1);
        assertThat(review.threads).containsOnly("rambla-pr-review").doesNotContain(caller);
        assertThat(commenter.posted).containsExactly("#7 aaa");
        assertThat(reviewer.plannedHead(7)).isEqualTo("aaa");
    }

    @Test
    void everyPlanAndCleanUpRunsInsideTheReviewLockThatSpansACluster() {
        review.release.countDown();
        List<String> insideLock = new CopyOnWriteArrayList<>();
        ReviewLock lock = work -> {
            int before = review.reviewed.size() + review.cleaned.size();
            work.run();
            insideLock.add((review.reviewed.size() + review.cleaned.size() - before) + " inside");
        };
        PullRequestReviewer locked = new PullRequestReviewer(review, commenter, lock);
        try {
            locked.planPullRequest(7, "aaa");
            await().atMost(Duration.ofSeconds(5)).until(() -> commenter.posted.size() == 1);
            locked.pullRequestClosed(7);
            await().atMost(Duration.ofSeconds(5)).until(() -> review.cleaned.size() == 1);

            assertThat(insideLock).containsExactly("1 inside", "1 inside");
        } finally {
            locked.close();
        }
    }

    @Test
    void aNewerHeadReplacesAnOlderOneStillWaitingInTheQueue() throws Exception {
        reviewer.planPullRequest(7, "first");
        assertThat(review.started.await(5, TimeUnit.SECONDS)).isTrue();

        reviewer.planPullRequest(7, "second");
        reviewer.planPullRequest(7, "third");
        review.release.countDown();

        await().atMost(Duration.ofSeconds(5)).until(() -> commenter.posted.size() == 2);
        assertThat(review.reviewed).containsExactly("#7 first", "#7 third");
    }

    @Test
    void aCloseReplacesAPlanStillWaitingAndCleansUpTheStacksItsHeadRendersTo() throws Exception {
        reviewer.planPullRequest(3, "busy");
        assertThat(review.started.await(5, TimeUnit.SECONDS)).isTrue();

        reviewer.planPullRequest(7, "never-planned");
        reviewer.pullRequestClosed(7);
        review.release.countDown();

        await().atMost(Duration.ofSeconds(5)).until(() -> review.cleaned.size() == 1);
        assertThat(review.reviewed).containsExactly("#3 busy");
        assertThat(review.cleaned).containsExactly("#7 [rambla-district-main]");
    }

    @Test
    void theCatchUpPlansOnlyHeadsNotPlannedYetAndCleansUpPullRequestsThatClosedUnseen() {
        review.release.countDown();
        reviewer.planPullRequest(1, "one");
        reviewer.planPullRequest(2, "two");
        await().atMost(Duration.ofSeconds(5)).until(() -> commenter.posted.size() == 2);

        reviewer.catchUp(List.of(new PullRequest(1, "one"), new PullRequest(3, "three")));

        await().atMost(Duration.ofSeconds(5)).until(() -> commenter.posted.size() == 3 && review.cleaned.size() == 1);
        assertThat(review.reviewed).containsExactly("#1 one", "#2 two", "#3 three");
        assertThat(review.cleaned).containsExactly("#2 [rambla-district-main]");
        assertThat(reviewer.plannedHead(2)).isNull();
    }

    @Test
    void aHeadThatMovedOnOrAPlanGitHubRefusedIsNotCountedAsPlannedSoTheNextCatchUpTriesAgain() {
        review.release.countDown();
        review.staleHeads.add("moved");
        commenter.failFor.add("refused");

        reviewer.planPullRequest(4, "moved");
        reviewer.planPullRequest(5, "refused");
        await().atMost(Duration.ofSeconds(5)).until(() -> review.reviewed.size() == 2);
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> reviewer.plannedHead(4) == null
                && reviewer.plannedHead(5) == null);

        review.staleHeads.clear();
        commenter.failFor.clear();
        reviewer.catchUp(List.of(new PullRequest(4, "moved"), new PullRequest(5, "refused")));

        await().atMost(Duration.ofSeconds(5)).until(() -> "moved".equals(reviewer.plannedHead(4)) && "refused".equals(reviewer.plannedHead(5)));
    }

    @Test
    void aPlanKilledByAnErrorReportsTheReviewerDownAndTheNextPlanStillRuns() {
        review.release.countDown();
        Workers workers = new Workers();
        reviewer.supervisedBy(workers);
        review.deadlyHeads.add("poison");

        reviewer.planPullRequest(3, "poison");
        await().atMost(Duration.ofSeconds(5)).until(() -> !workers.down().isEmpty());
        assertThat(workers.down()).singleElement().satisfies(w -> {
            assertThat(w.name()).isEqualTo(PullRequestReviewer.WORKER);
            assertThat(w.lastFailure()).isEqualTo("java.lang.StackOverflowError");
        });

        reviewer.planPullRequest(4, "fine");
        await().atMost(Duration.ofSeconds(5)).until(() -> "fine".equals(reviewer.plannedHead(4)));
        assertThat(workers.down()).isEmpty();
    }

    @Test
    void aPollKilledByAnErrorReportsThePollerDownAndTheNextPollRecovers() {
        review.release.countDown();
        Workers workers = new Workers();
        var answers = new java.util.concurrent.atomic.AtomicInteger();
        GitHubClient github = new GitHubClient(java.net.URI.create("http://127.0.0.1:9"), "acme/infra", Secret.of("t"), Duration.ofSeconds(1)) {
            @Override
            public List<PullRequest> listOpenPullRequests() {
                if (answers.incrementAndGet() == 1) {
                    throw new StackOverflowError("a poll that dies");
                }
                return List.of(new PullRequest(9, "ccc"));
            }
        };
        PullRequestPoller poller = new PullRequestPoller(github, reviewer, workers);

        poller.poll(); // never throws: the scheduler keeps its schedule
        assertThat(workers.down()).singleElement().satisfies(w -> assertThat(w.name()).isEqualTo(PullRequestPoller.WORKER));

        poller.poll();
        assertThat(workers.down()).isEmpty();
        await().atMost(Duration.ofSeconds(5)).until(() -> "ccc".equals(reviewer.plannedHead(9)));
    }

    /** Plans every head as one unchanged unit; the first call waits for {@code release}. */
    private static final class RecordingReview implements PullRequestReview {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<String> reviewed = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        final List<String> cleaned = new CopyOnWriteArrayList<>();
        final Set<String> staleHeads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        final Set<String> deadlyHeads = java.util.concurrent.ConcurrentHashMap.newKeySet();

        @Override
        public Result review(int number, String headSha) throws StaleHeadException {
            started.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            reviewed.add("#" + number + " " + headSha);
            threads.add(Thread.currentThread().getName());
            if (staleHeads.contains(headSha)) {
                throw new StaleHeadException("moved on");
            }
            if (deadlyHeads.contains(headSha)) {
                throw new StackOverflowError("a plan that dies");
            }
            return new Result(new PullRequestPlan(headSha, List.of(
                    PullRequestPlan.UnitPlan.noChange("district/main", "rambla-district-main")), List.of()), Set.of("rambla-district-main"));
        }

        @Override
        public Set<String> stackNames(int number) throws SourceException {
            return Set.of("rambla-district-main");
        }

        @Override
        public void cleanUp(int number, Collection<String> stackNames) {
            cleaned.add("#" + number + " " + stackNames);
        }
    }

    private static final class RecordingCommenter extends PullRequestCommenter {
        final List<String> posted = new CopyOnWriteArrayList<>();
        final Set<String> failFor = java.util.concurrent.ConcurrentHashMap.newKeySet();

        RecordingCommenter() {
            super(null, null);
        }

        @Override
        public IssueComment upsert(int pullRequest, PullRequestPlan plan) {
            if (failFor.contains(plan.headSha())) {
                throw new GitHubException.Transient("GitHub is down", 502, null, null);
            }
            posted.add("#" + pullRequest + " " + plan.headSha());
            return new IssueComment(1, "", "https://github.com/acme/infra/pull/" + pullRequest);
        }
    }
}

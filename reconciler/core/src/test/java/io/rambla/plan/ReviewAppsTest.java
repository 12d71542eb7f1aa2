package io.rambla.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rambla.plan.ReviewApps.PullRequestInfo;
import io.rambla.plan.ReviewApps.Reason;
import io.rambla.plan.ReviewApps.Settings;
import io.rambla.plan.ReviewApps.Standing;
import io.rambla.plan.ReviewApps.Verdict;
import io.rambla.render.StackTags;
import io.rambla.render.TemplateWriter;
import io.rambla.schema.InfraRepository;
import io.rambla.schema.LoadResult;
import io.rambla.schema.RepositoryLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReviewAppsTest {

    private static final String LABEL = "rambla/review-app";
    private static final Settings SETTINGS = new Settings(LABEL, 2, Duration.ofHours(24));
    private static final Instant NOW = Instant.parse("2026-11-26T06:00:00Z");
    private static final RepositoryId REPO = new RepositoryId("https://git.example.com/acme/infra.git");
    private static final String SHA_A = "a".repeat(40);
    private static final String SHA_B = "b".repeat(40);

    private static PullRequestInfo pr(int number, String sha, String... labels) {
        return new PullRequestInfo(number, sha, Set.of(labels), false);
    }

    private static Standing standing(int pr, String app, String sha, Instant since) {
        return new Standing("rambla-review-" + app + "-pr" + pr, ReviewApps.unitId(app, pr), pr, app, sha, 100 + pr, since);
    }

    @Test
    void a_labelled_pull_request_without_an_app_is_deployed_at_its_head() {
        assertThat(ReviewApps.decide(SETTINGS, List.of(pr(7, SHA_A, LABEL)), List.of(), NOW))
                .containsExactly(new Verdict.Deploy(pr(7, SHA_A, LABEL), SHA_A));
    }

    @Test
    void an_unlabelled_pull_request_gets_nothing_and_loses_what_it_had() {
        assertThat(ReviewApps.decide(SETTINGS, List.of(pr(7, SHA_A, "bug", LABEL + "-not")), List.of(), NOW)).isEmpty();
        Standing app = standing(7, "shop", SHA_A, NOW);
        assertThat(ReviewApps.decide(SETTINGS, List.of(pr(7, SHA_A, "bug")), List.of(app), NOW))
                .containsExactly(new Verdict.Remove(7, app, Reason.UNLABELLED));
    }

    @Test
    void a_fork_is_never_deployed_even_labelled_and_is_told_why() {
        PullRequestInfo fork = new PullRequestInfo(9, SHA_A, Set.of(LABEL), true);
        Standing smuggled = standing(9, "shop", SHA_A, NOW);

        List<Verdict> verdicts = ReviewApps.decide(SETTINGS, List.of(fork), List.of(smuggled), NOW);

        assertThat(verdicts).noneMatch(v -> v instanceof Verdict.Deploy);
        assertThat(verdicts).contains(new Verdict.Remove(9, smuggled, Reason.FORK));
        assertThat(verdicts).filteredOn(v -> v instanceof Verdict.Refuse).singleElement()
                .satisfies(v -> assertThat(((Verdict.Refuse) v).message()).contains("fork"));
    }

    @Test
    void a_push_redeploys_and_an_app_at_the_head_is_current() {
        Standing app = standing(7, "shop", SHA_A, NOW.minusSeconds(60));

        assertThat(ReviewApps.decide(SETTINGS, List.of(pr(7, SHA_B, LABEL)), List.of(app), NOW))
                .containsExactly(new Verdict.Deploy(pr(7, SHA_B, LABEL), SHA_B));
        assertThat(ReviewApps.decide(SETTINGS, List.of(pr(7, SHA_A, LABEL)), List.of(app), NOW))
                .containsExactly(new Verdict.Current(pr(7, SHA_A, LABEL), List.of(app)));
    }

    @Test
    void a_closed_pull_requests_apps_are_removed() {
        Standing shop = standing(7, "shop", SHA_A, NOW);
        Standing blog = standing(7, "blog", SHA_A, NOW);

        assertThat(ReviewApps.decide(SETTINGS, List.of(), List.of(shop, blog), NOW))
                .containsExactlyInAnyOrder(new Verdict.Remove(7, shop, Reason.CLOSED), new Verdict.Remove(7, blog, Reason.CLOSED));
    }

    @Test
    void past_the_cap_a_pull_request_waits_with_a_clear_message_and_running_apps_keep_their_slots() {
        Standing running = standing(30, "shop", SHA_A, NOW);
        List<PullRequestInfo> open = List.of(pr(10, SHA_A, LABEL), pr(20, SHA_A, LABEL), pr(30, SHA_A, LABEL));

        List<Verdict> verdicts = ReviewApps.decide(SETTINGS, open, List.of(running), NOW);

        assertThat(verdicts).containsExactly(
                new Verdict.Deploy(pr(10, SHA_A, LABEL), SHA_A),
                new Verdict.Refuse(pr(20, SHA_A, LABEL), "No review app: 2 of 2 review apps are running (the cap,"
                        + " `rambla.review-apps.max-apps`). This pull request gets one once another closes, loses its label or expires."),
                new Verdict.Current(pr(30, SHA_A, LABEL), List.of(running)));
    }

    @Test
    void a_cap_of_zero_deploys_nothing() {
        assertThat(ReviewApps.decide(new Settings(LABEL, 0, Duration.ofHours(1)), List.of(pr(1, SHA_A, LABEL)), List.of(), NOW))
                .singleElement().isInstanceOf(Verdict.Refuse.class);
    }

    @Test
    void an_app_older_than_its_time_to_live_since_the_last_push_expires() {
        Standing old = standing(7, "shop", SHA_A, NOW.minus(Duration.ofHours(25)));
        Standing fresh = standing(8, "shop", SHA_A, NOW.minus(Duration.ofHours(23)));

        assertThat(ReviewApps.decide(SETTINGS, List.of(pr(7, SHA_A, LABEL), pr(8, SHA_A, LABEL)), List.of(old, fresh), NOW))
                .containsExactly(new Verdict.Remove(7, old, Reason.EXPIRED), new Verdict.Current(pr(8, SHA_A, LABEL), List.of(fresh)));
    }

    @Test
    void a_label_with_a_tag_sets_the_image_tag_and_a_hostile_one_is_refused() {
        assertThat(ReviewApps.decide(SETTINGS, List.of(pr(7, SHA_A, LABEL + ":v1.2.3")), List.of(), NOW))
                .containsExactly(new Verdict.Deploy(pr(7, SHA_A, LABEL + ":v1.2.3"), "v1.2.3"));
        assertThat(ReviewApps.decide(SETTINGS, List.of(pr(7, SHA_A, LABEL + ":x\"; rm -rf /`")), List.of(), NOW))
                .singleElement().satisfies(v -> assertThat(((Verdict.Refuse) v).message())
                        .contains("not a Docker image tag").doesNotContain("`;").doesNotContain(" rm"));
    }

    @Test
    void settings_refuse_nonsense() {
        assertThatThrownBy(() -> new Settings("", 1, Duration.ofHours(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Settings("a:b", 1, Duration.ofHours(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Settings(LABEL, -1, Duration.ofHours(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Settings(LABEL, 1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    private static LiveStack live(String name, Map<String, String> tags, Map<String, String> outputs) {
        return new LiveStack(name, "arn:" + name, "UPDATE_COMPLETE", null, tags, outputs);
    }

    @Test
    void only_this_repositorys_review_stacks_stand_as_review_apps() {
        Map<String, String> outputs = Map.of(ReviewApps.OUTPUT_RULE_PRIORITY, "4242", ReviewApps.OUTPUT_SINCE, NOW.toString());
        LiveStack ours = live("rambla-review-shop-pr7", Map.of(StackTags.MANAGED_BY, "rambla", StackTags.UNIT, "review/shop/pr7",
                StackTags.REPOSITORY, REPO.value(), StackTags.COMMIT, SHA_A), outputs);
        LiveStack theirs = live("rambla-review-shop-pr8", Map.of(StackTags.MANAGED_BY, "rambla", StackTags.UNIT, "review/shop/pr8",
                StackTags.REPOSITORY, "https://git.example.com/other/infra.git"), outputs);
        LiveStack app = live("rambla-app-shop-production", Map.of(StackTags.MANAGED_BY, "rambla", StackTags.UNIT, "app/shop/production",
                StackTags.REPOSITORY, REPO.value()), Map.of());
        LiveStack odd = live("rambla-review-shop-prx", Map.of(StackTags.MANAGED_BY, "rambla", StackTags.UNIT, "review/shop/prx",
                StackTags.REPOSITORY, REPO.value()), Map.of());

        assertThat(ReviewApps.standing(ours, REPO))
                .contains(new Standing("rambla-review-shop-pr7", "review/shop/pr7", 7, "shop", SHA_A, 4242, NOW));
        assertThat(ReviewApps.standing(theirs, REPO)).isEmpty();
        assertThat(ReviewApps.standing(app, REPO)).isEmpty();
        assertThat(ReviewApps.standing(odd, REPO)).isEmpty();
        LiveStack misnamed = live("rambla-app-shop-production", Map.of(StackTags.MANAGED_BY, "rambla", StackTags.UNIT, "review/shop/pr7",
                StackTags.REPOSITORY, REPO.value()), Map.of());
        assertThat(ReviewApps.standing(misnamed, REPO)).as("a unit tag alone does not make an app's stack a review app").isEmpty();
        LiveStack untagged = live("rambla-review-shop-pr7", Map.of(StackTags.MANAGED_BY, "rambla", StackTags.UNIT, "review/shop/pr7"), Map.of());
        assertThat(ReviewApps.standing(untagged, REPO)).as("never adopted without the repository tag").isEmpty();
    }

    @Test
    void pruning_leaves_review_stacks_to_review_apps() {
        LiveStack review = live("rambla-review-shop-pr7", Map.of(StackTags.MANAGED_BY, "rambla", StackTags.UNIT, "review/shop/pr7",
                StackTags.DISTRICT, "main"), Map.of());

        assertThat(Orphans.decide(Set.of(), List.of(review), "rambla", true)).isEmpty();
    }

    // Units: from a real repository on disk, as the daemon reads a pull request's head.

    @TempDir
    Path root;

    private static final String DISTRICT = """
            region: ap-northeast-1
            endpoints:
              - name: public
                certificate_arn: arn:aws:acm:ap-northeast-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789
            review_groups:
              - name: pulls
                endpoint: public
                base_domain: review.example.com
            """;

    private static final String SHOP = """
            review:
              group: pulls
              image_name: 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/shop
              environment:
                RAILS_ENV: review
              services:
                - name: web
                  service_type: web
                - name: worker
                  command: bundle exec sidekiq
            environments:
              production:
                image_name: 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/shop
                services:
                  - name: web
                    service_type: web
                    listeners:
                      - endpoint: public
                        rule_priority: %d
            """;

    private InfraRepository repository(int productionPriority, String extraEnvironment) throws IOException {
        write("districts/main.yml", DISTRICT);
        write("apps/Shop/barcelona.yml", SHOP.formatted(productionPriority) + extraEnvironment);
        LoadResult loaded = RepositoryLoader.load(root);
        assertThat(loaded.errors()).isEmpty();
        return loaded.repository();
    }

    private void write(String file, String text) throws IOException {
        Path path = root.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, text, StandardCharsets.UTF_8);
    }

    @Test
    void a_review_unit_is_its_own_stack_routed_by_host_on_the_groups_endpoint() throws IOException {
        ReviewApps.Units units = ReviewApps.units(repository(100, ""), 7, SHA_A, SHA_A, List.of(), NOW, REPO);

        assertThat(units.problems()).isEmpty();
        ReviewApps.ReviewUnit unit = units.units().get(0);
        assertThat(unit.host()).isEqualTo("7-shop.review.example.com");
        assertThat(unit.url()).isEqualTo("https://7-shop.review.example.com");
        assertThat(unit.rendered().stack().stackName()).isEqualTo("rambla-review-Shop-pr7");
        assertThat(unit.rendered().stack().tags()).containsEntry(StackTags.UNIT, "review/Shop/pr7")
                .containsEntry(StackTags.REPOSITORY, REPO.value()).containsEntry(StackTags.MANAGED_BY, "rambla");
        String template = TemplateWriter.toJson(unit.rendered().stack().template());
        assertThat(template).contains("7-shop.review.example.com").contains(":" + SHA_A).contains("host-header")
                .contains(ReviewApps.OUTPUT_SINCE).contains(NOW.toString()).contains("bundle exec sidekiq");
        assertThat(unit.rulePriority()).isNotEqualTo(100).isBetween(1, 50_000);
    }

    @Test
    void a_new_review_app_avoids_every_priority_taken_and_a_standing_one_keeps_its_own() throws IOException {
        int barcelonas = ReviewApps.units(repository(100, ""), 7, SHA_A, SHA_A, List.of(), NOW, REPO).units().get(0).rulePriority();

        // The production listener and another review app hold Barcelona's priority and the next: the app takes the one after.
        Standing other = new Standing("rambla-review-blog-pr3", "review/blog/pr3", 3, "blog", SHA_A, barcelonas % 50_000 + 1, NOW);
        int moved = ReviewApps.units(repository(barcelonas, ""), 7, SHA_A, SHA_A, List.of(other), NOW, REPO).units().get(0).rulePriority();
        assertThat(moved).isEqualTo((barcelonas + 1) % 50_000 + 1);

        Standing own = new Standing("rambla-review-Shop-pr7", "review/Shop/pr7", 7, "Shop", SHA_A, 31337, NOW.minusSeconds(600));
        ReviewApps.ReviewUnit kept = ReviewApps.units(repository(100, ""), 7, SHA_A, SHA_A, List.of(own), NOW, REPO).units().get(0);
        assertThat(kept.rulePriority()).isEqualTo(31337);
        assertThat(TemplateWriter.toJson(kept.rendered().stack().template())).contains(NOW.minusSeconds(600).toString());
        ReviewApps.ReviewUnit pushed = ReviewApps.units(repository(100, ""), 7, SHA_B, SHA_B, List.of(own), NOW, REPO).units().get(0);
        assertThat(TemplateWriter.toJson(pushed.rendered().stack().template())).contains(NOW.toString());
    }

    @Test
    void an_environment_named_like_the_review_environment_is_a_collision_not_an_overwrite() throws IOException {
        ReviewApps.Units units = ReviewApps.units(repository(100, """
                  review-pr7:
                    image_name: shop
                """), 7, SHA_A, SHA_A, List.of(), NOW, REPO);

        assertThat(units.units()).isEmpty();
        assertThat(units.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("review-pr7").contains("collide"));
    }
}

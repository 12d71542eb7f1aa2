package io.rambla.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Barcelona's {@code review:} section and the district's {@code review_groups}, read with every problem at file:line. */
class ReviewSectionTest {

    @TempDir
    Path root;

    private static final String DISTRICT_WITH_GROUP = TestRepo.PRODUCTION_DISTRICT + """
            review_groups:
              - name: pulls
                endpoint: public
                base_domain: review.example.com
            """;

    private static final String APP = """
            review:
              group: pulls
              image_name: 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/shop
              before_deploy: rake db:migrate
              environment:
                - name: RAILS_ENV
                  value: review
              services:
                - name: web
                  service_type: web
                  memory: 256
                - name: worker
                  command: bundle exec sidekiq
            environments:
              production:
                image_name: 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/shop
            """;

    private LoadResult load(String district, String app) {
        new TestRepo(root).district("main", district).app("shop", app);
        return RepositoryLoader.load(root);
    }

    private List<String> said(LoadResult result) {
        return result.diagnostics().stream().map(Diagnostic::toString).filter(d -> !d.contains("serves plain HTTP")).toList();
    }

    @Test
    void a_review_section_on_a_declared_group_is_read_with_barcelonas_keys() {
        LoadResult result = load(DISTRICT_WITH_GROUP, APP);

        assertThat(said(result)).isEmpty();
        District district = result.repository().districts().get(0);
        assertThat(district.reviewGroups()).containsExactly(new District.ReviewGroup("pulls", "public", "review.example.com"));
        Review review = result.repository().applications().get(0).review();
        assertThat(review.group()).isEqualTo("pulls");
        assertThat(review.district()).isEqualTo("main");
        assertThat(review.imageName()).isEqualTo("123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/shop");
        assertThat(review.beforeDeploy()).isEqualTo("rake db:migrate");
        assertThat(review.services()).extracting(Service::name).containsExactly("web", "worker");
        assertThat(review.environmentVariables()).extracting(EnvironmentVariable::name).containsExactly("RAILS_ENV");
    }

    @Test
    void a_group_no_district_declares_is_a_warning_and_the_file_still_loads() {
        LoadResult result = load(TestRepo.PRODUCTION_DISTRICT, APP.replace("group: pulls", "group: pull"));

        assertThat(said(result)).containsExactly("apps/shop/barcelona.yml:2:10: warning: `review` is not acted on: review group `pull` is not declared in any"
                + " district file (`review_groups`), so this application gets no review apps; review groups: none");
        assertThat(result.repository().applications()).singleElement().satisfies(a -> {
            assertThat(a.review()).isNull();
            assertThat(a.environments()).hasSize(1);
        });
    }

    @Test
    void a_misspelt_group_is_named_with_the_nearest_declared_one() {
        LoadResult result = load(DISTRICT_WITH_GROUP, APP.replace("group: pulls", "group: pull"));

        assertThat(said(result)).singleElement().asString().contains("review group `pull` is not declared").contains("did you mean `pulls`?");
    }

    @Test
    void review_services_need_exactly_one_web_service_and_no_listeners() {
        LoadResult result = load(DISTRICT_WITH_GROUP, APP
                .replace("      memory: 256\n", "      memory: 256\n      listeners:\n        - endpoint: public\n")
                .replace("    - name: worker\n", "    - name: worker\n      service_type: web\n"));

        assertThat(result.errors()).extracting(Diagnostic::toString).anySatisfy(d -> assertThat(d)
                        .contains("review service `web` has `listeners`"))
                .anySatisfy(d -> assertThat(d).contains("`review` needs exactly one service with `service_type: web`").contains("found 2"));
        assertThat(result.repository().applications()).isEmpty();
    }

    @Test
    void a_review_secret_outside_what_the_groups_district_grants_is_an_error() {
        LoadResult result = load(DISTRICT_WITH_GROUP, APP.replace("      value: review\n",
                "      value: review\n    - name: OTHER_TEAMS_KEY\n      value_from: /barcelona/other/payments/key\n"));

        assertThat(result.errors()).extracting(Diagnostic::toString).singleElement().asString()
                .startsWith("apps/shop/barcelona.yml:9:")
                .contains("review environment variable `OTHER_TEAMS_KEY`")
                .contains("outside what district `main` grants app `shop`");
    }

    @Test
    void review_group_keys_are_checked_at_their_lines() {
        LoadResult result = load(TestRepo.PRODUCTION_DISTRICT + """
                review_groups:
                  - name: pulls
                    endpoint: publik
                    base_domain: Review.Example.com
                  - name: pulls
                    endpoint: public
                    base_domain: "*.example.com"
                """, """
                environments:
                  production:
                    image_name: shop
                """);

        assertThat(result.errors()).extracting(Diagnostic::toString).containsExactly(
                "districts/main.yml:9:15: error: unknown endpoint `publik`; this district's endpoints: public, internal — did you mean `public`?",
                "districts/main.yml:10:18: error: `base_domain` must be a lower-case DNS name such as review.example.com, at most 100"
                        + " characters, found \"Review.Example.com\"",
                "districts/main.yml:11:11: error: review group `pulls` is declared twice (first on line 8)",
                "districts/main.yml:13:18: error: `base_domain` must be a lower-case DNS name such as review.example.com, at most 100"
                        + " characters, found \"*.example.com\"");
    }

    @Test
    void a_group_declared_in_two_districts_is_an_error() {
        new TestRepo(root).district("other", """
                region: ap-northeast-1
                endpoints:
                  - name: public
                review_groups:
                  - name: pulls
                    endpoint: public
                    base_domain: review.example.org
                """);
        LoadResult result = load(DISTRICT_WITH_GROUP, APP);

        assertThat(result.errors()).extracting(Diagnostic::toString)
                .anySatisfy(d -> assertThat(d).contains("review group `pulls` is declared in 2 districts"));
    }
}

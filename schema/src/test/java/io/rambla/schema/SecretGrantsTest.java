package io.rambla.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.rambla.schema.Declarations.SecretScope;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretGrantsTest {

    @TempDir
    Path root;

    private static Optional<String> ssmPath(String path, SecretScope scope) {
        return SecretGrants.problem(new EnvironmentVariable("X", null, null, path), "main", "shop", scope);
    }

    private static Optional<String> valueFrom(String from, SecretScope scope) {
        return SecretGrants.problem(new EnvironmentVariable("X", null, from, null), "main", "shop", scope);
    }

    @ParameterizedTest
    @ValueSource(strings = {"x/${AWS::NoValue}/${ExecutionRole.Arn}", "*", "shop/*", "../../other/secret", "a/../b", "a//b",
            "a/", "/", "a b", "{{resolve:ssm:x}}"})
    void ssm_paths_with_wildcards_substitutions_or_climbing_are_refused(String path) {
        assertThat(ssmPath(path, SecretScope.DISTRICT)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"shop/secret_key_base", "/shop/secret_key_base", "barcelona/main/shop/key", "/barcelona/main/x.y-z_1"})
    void barcelona_ssm_paths_stay_valid_by_default(String path) {
        assertThat(ssmPath(path, SecretScope.DISTRICT)).isEmpty();
    }

    @Test
    void an_app_scope_narrows_ssm_paths_to_the_app() {
        assertThat(ssmPath("shop/key", SecretScope.APP)).isEmpty();
        assertThat(ssmPath("other/key", SecretScope.APP)).hasValueSatisfying(m -> assertThat(m)
                .isEqualTo("`ssm_path` names SSM parameter /barcelona/main/other/key, outside what district `main` grants app `shop`: "
                        + "names under /barcelona/main/shop/ or /shop/ (Secrets Manager names without the leading /)"));
    }

    @Test
    void value_from_may_name_only_granted_parameters_and_secrets() {
        String ssm = "arn:aws:ssm:ap-northeast-1:123456789012:parameter";
        String sm = "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:";
        assertThat(valueFrom(ssm + "/barcelona/main/db", SecretScope.DISTRICT)).isEmpty();
        assertThat(valueFrom(ssm + "/shop/db", SecretScope.DISTRICT)).isEmpty();
        assertThat(valueFrom(ssm + "/other-team/db", SecretScope.DISTRICT)).isPresent();
        assertThat(valueFrom(ssm + "/barcelona/other/db", SecretScope.DISTRICT)).isPresent();
        assertThat(valueFrom(ssm + "/barcelona/main/other/db", SecretScope.APP)).isPresent();
        assertThat(valueFrom(sm + "shop/db-AbCdEf", SecretScope.DISTRICT)).isEmpty();
        assertThat(valueFrom(sm + "shop/db-AbCdEf:password::", SecretScope.DISTRICT)).isEmpty();
        assertThat(valueFrom(sm + "barcelona/main/db-AbCdEf", SecretScope.DISTRICT)).isEmpty();
        assertThat(valueFrom(sm + "other-team/db-AbCdEf", SecretScope.DISTRICT)).isPresent();
        assertThat(valueFrom(sm + "shop/*", SecretScope.DISTRICT)).isPresent();
        assertThat(valueFrom("arn:aws:secretsmanager:ap-northeast-1:123456789012:other:shop/x", SecretScope.DISTRICT)).isPresent();
        assertThat(valueFrom("/shop/db", SecretScope.DISTRICT)).isEmpty();
        assertThat(valueFrom("/other/db", SecretScope.DISTRICT)).isPresent();
    }

    @Test
    void an_app_named_barcelona_gets_no_grant_over_every_district() {
        assertThat(SecretGrants.prefixes("main", "barcelona", SecretScope.DISTRICT)).containsExactly("/barcelona/main/");
    }

    @Test
    void the_loader_reports_a_secret_outside_the_grant_at_its_line_and_leaves_the_app_out() {
        LoadResult result = new TestRepo(root)
                .district("main", "secret_scope: app\n")
                .app("shop", """
                        environments:
                          production:
                            image_name: shop
                            environment:
                              - name: MINE
                                ssm_path: shop/key
                              - name: THEIRS
                                value_from: arn:aws:ssm:ap-northeast-1:123456789012:parameter/barcelona/main/billing/key
                        """)
                .load();

        assertThat(result.errors()).singleElement().satisfies(d -> {
            assertThat(d.file() + ":" + d.line()).isEqualTo("apps/shop/barcelona.yml:8");
            assertThat(d.message()).startsWith("environment variable `THEIRS`: `value_from` names SSM parameter /barcelona/main/billing/key");
        });
        assertThat(result.repository().applications()).isEmpty();
    }

    @Test
    void secret_scope_must_be_one_of_the_two_words() {
        LoadResult result = new TestRepo(root).district("main", "secret_scope: everything\n").load();

        assertThat(result.errors()).extracting(Diagnostic::message).containsExactly(
                "`secret_scope` must be one of district, app, found \"everything\"");
    }
}

package io.rambla.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rambla.notify.SsmSecretLookup;
import io.rambla.schema.AppEnvironment;
import io.rambla.schema.District;
import io.rambla.schema.LoadResult;
import io.rambla.schema.RepositoryLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/iam-policy.json lets the daemon read exactly the notification secrets the schema lets a
 * repository name: every reference a district file or a {@code slack_url} may give is readable and
 * decryptable under the policy, read the way {@link SsmSecretLookup} reads it; nothing outside
 * {@code /barcelona/} is. The policy is evaluated here as IAM does for these statements: an action
 * listed, a resource matching a pattern ({@code *} any characters), every condition key matching.
 */
class NotificationSecretsPolicyTest {

    private static final String ACCOUNT = "123456789012";
    private static final String REGION = "eu-west-1";

    @TempDir
    Path repository;

    /** One read as IAM sees it: the action, the resource, and the request's condition keys. */
    private record Request(String action, String resource, Map<String, String> context) {}

    /** Every request reading {@code reference} makes: GetParameter on each parameter tried, and the decryption behind it. */
    private static List<Request> requestsToRead(String reference) {
        SsmSecretLookup.Location location = SsmSecretLookup.Location.of(reference, REGION);
        List<Request> requests = new ArrayList<>();
        String region = location.region();
        for (String parameter : location.parameters()) {
            String arn = parameter.startsWith("arn:") ? parameter : "arn:aws:ssm:" + region + ":" + ACCOUNT + ":parameter" + parameter;
            requests.add(new Request("ssm:GetParameter", arn, Map.of()));
            if (parameter.startsWith("/aws/reference/secretsmanager/")) {
                // SSM passes the read on to Secrets Manager, which decrypts with the secret's ARN as context.
                String secretArn = reference.startsWith("arn:") ? reference
                        : "arn:aws:secretsmanager:" + region + ":" + ACCOUNT + ":secret:" + parameter.substring("/aws/reference/secretsmanager/".length());
                requests.add(new Request("secretsmanager:GetSecretValue", secretArn, Map.of()));
                requests.add(new Request("kms:Decrypt", "arn:aws:kms:" + region + ":" + ACCOUNT + ":key/0a1b2c3d",
                        Map.of("kms:ViaService", "secretsmanager." + region + ".amazonaws.com", "kms:EncryptionContext:SecretARN", secretArn)));
            } else {
                requests.add(new Request("kms:Decrypt", "arn:aws:kms:" + region + ":" + ACCOUNT + ":key/0a1b2c3d",
                        Map.of("kms:ViaService", "ssm." + region + ".amazonaws.com", "kms:EncryptionContext:PARAMETER_ARN", arn)));
            }
        }
        return requests;
    }

    private static boolean allowed(JsonNode policy, Request request) {
        for (JsonNode statement : policy.path("Statement")) {
            if (statement.path("Effect").asText().equals("Allow") && texts(statement.path("Action")).contains(request.action())
                    && texts(statement.path("Resource")).stream().anyMatch(r -> glob(r, request.resource()))
                    && conditionsHold(statement.path("Condition"), request.context())) {
                return true;
            }
        }
        return false;
    }

    private static boolean conditionsHold(JsonNode condition, Map<String, String> context) {
        var operators = condition.fields();
        while (operators.hasNext()) {
            var operator = operators.next();
            boolean like = operator.getKey().endsWith("Like");
            var keys = operator.getValue().fields();
            while (keys.hasNext()) {
                var key = keys.next();
                String value = context.get(key.getKey());
                if (value == null || texts(key.getValue()).stream().noneMatch(p -> like ? glob(p, value) : p.equals(value))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static List<String> texts(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else if (!node.isMissingNode()) {
            out.add(node.asText());
        }
        return out;
    }

    private static boolean glob(String pattern, String value) {
        StringBuilder regex = new StringBuilder();
        for (String part : pattern.split("((?<=[*?])|(?=[*?]))")) {
            regex.append(part.equals("*") ? ".*" : part.equals("?") ? "." : Pattern.quote(part));
        }
        return value.matches(regex.toString());
    }

    private void write(String file, String content) throws IOException {
        Path path = repository.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, content);
    }

    private static final String WORKER = "    image_name: public.ecr.aws/nginx/nginx\n    services:\n      - name: worker\n        service_type: default\n";

    @Test
    void every_notification_secret_the_schema_accepts_is_readable_and_decryptable_under_the_policy() throws IOException {
        write("districts/main.yml", """
                region: eu-west-1
                notifications:
                  slack_webhook_url_secret: /barcelona/main/slack
                  webhook_url_secret: arn:aws:secretsmanager:us-east-1:123456789012:secret:barcelona/main/hook-AbCdEf
                  webhook_signing_secret: arn:aws:ssm:eu-west-1:123456789012:parameter/barcelona/main/hook-key
                """);
        write("districts/narrow.yml", "region: eu-west-1\nsecret_scope: app\nnotifications:\n"
                + "  slack_webhook_url_secret: arn:aws:secretsmanager:eu-west-1:123456789012:secret:barcelona/narrow/slack\n");
        write("apps/shop/barcelona.yml", "environments:\n  production:\n    district: main\n    slack_url: /barcelona/main/shop-slack\n" + WORKER
                + "  staging:\n    district: narrow\n    slack_url: arn:aws:secretsmanager:eu-west-1:123456789012:secret:barcelona/narrow/shop/slack-AbCdEf\n"
                + WORKER);
        LoadResult loaded = RepositoryLoader.load(repository);
        assertThat(loaded.errors()).isEmpty();

        Set<String> references = new TreeSet<>();
        for (District district : loaded.repository().districts()) {
            District.Notifications n = district.notifications();
            for (String reference : new String[] {n.slackWebhookUrlSecret(), n.webhookUrlSecret(), n.webhookSigningSecret()}) {
                if (reference != null) {
                    references.add(reference);
                }
            }
        }
        loaded.repository().applications().forEach(a -> a.environments().stream().map(AppEnvironment::slackUrlSecret).forEach(references::add));
        assertThat(references).hasSize(6);

        JsonNode policy = Deploy.json("iam-policy.json");
        for (String reference : references) {
            assertThat(requestsToRead(reference)).as(reference).isNotEmpty()
                    .allSatisfy(request -> assertThat(allowed(policy, request)).as("%s for %s", request, reference).isTrue());
        }
    }

    @Test
    void nothing_outside_barcelonas_layout_is_readable_not_even_through_the_secrets_manager_path_or_a_look_alike_prefix() throws IOException {
        JsonNode policy = Deploy.json("iam-policy.json");
        for (String outside : List.of("/acme/slack", "/barcelonax/main/slack", "/barcelona-main/slack", "/rambla/github-token",
                "arn:aws:ssm:eu-west-1:123456789012:parameter/other-team/slack",
                "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rambla/github-token-AbCdEf",
                "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-password")) {
            assertThat(requestsToRead(outside)).as(outside).isNotEmpty()
                    .allSatisfy(request -> assertThat(allowed(policy, request)).as("%s", request).isFalse());
        }
        // Decryption is only through SSM or Secrets Manager: the same key used directly is refused.
        assertThat(allowed(policy, new Request("kms:Decrypt", "arn:aws:kms:eu-west-1:" + ACCOUNT + ":key/0a1b2c3d",
                Map.of("kms:EncryptionContext:PARAMETER_ARN", "arn:aws:ssm:eu-west-1:" + ACCOUNT + ":parameter/barcelona/main/slack")))).isFalse();
    }

    @Test
    void the_daemon_reads_ssm_and_secrets_only_through_the_get_parameter_the_code_calls() throws IOException {
        JsonNode policy = Deploy.json("iam-policy.json");
        assertThat(IamPolicyTest.actions(policy, "ssm")).isEqualTo(IamPolicyTest.actionsCalledByTheCode("SsmClient", "ssm"))
                .containsExactly("ssm:GetParameter");
        assertThat(IamPolicyTest.actions(policy, "secretsmanager")).containsExactly("secretsmanager:GetSecretValue");
        assertThat(IamPolicyTest.actions(policy, "kms")).containsExactly("kms:Decrypt");
        Matcher notificationSids = Pattern.compile("\"Sid\":\"((Read|Decrypt)Notification\\w+)\"").matcher(policy.toString());
        List<String> sids = new ArrayList<>();
        while (notificationSids.find()) {
            sids.add(notificationSids.group(1));
        }
        assertThat(sids).containsExactly("ReadNotificationSecrets", "ReadNotificationSecretsFromSecretsManager",
                "DecryptNotificationParameters", "DecryptNotificationSecrets");
        String docs = Files.readString(Deploy.root().resolve("../docs/notifications.md"));
        assertThat(sids).allSatisfy(sid -> assertThat(docs).contains("`" + sid + "`"));
    }
}

package io.rambla.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The reference docs must map every key to its model field, so nobody has to read the loader to learn the format. */
class ReferenceDocsTest {

    private static final Path DOCS = Path.of("..", "docs", "reference");

    static Stream<Class<?>> modelRecords() {
        return Stream.of(InfraRepository.class, Settings.class, District.class, District.Notifications.class, Endpoint.class,
                Application.class, AppEnvironment.class, Service.class, Service.AutoScaling.class, Listener.class,
                Listener.RuleCondition.class, EnvironmentVariable.class, ScheduledTask.class, Review.class, District.ReviewGroup.class);
    }

    @ParameterizedTest
    @MethodSource("modelRecords")
    void every_model_field_is_documented_next_to_its_key(Class<?> record) throws Exception {
        String docs = docs();
        List<String> missing = Arrays.stream(record.getRecordComponents())
                .map(c -> "`" + record.getSimpleName() + "." + c.getName() + "`")
                .filter(field -> !docs.contains(field))
                .toList();

        assertThat(missing).as("model fields of " + record.getSimpleName() + " missing from docs/reference").isEmpty();
    }

    @ParameterizedTest
    @EnumSource(KnownKeys.class)
    void every_key_the_loader_knows_is_documented(KnownKeys section) throws Exception {
        String docs = docs();
        List<String> missing = Stream.concat(section.keys().stream(), section.barcelonaOnly().stream())
                .filter(key -> !docs.contains("`" + key + "`"))
                .toList();

        assertThat(missing).as(section + " keys missing from docs/reference").isEmpty();
    }

    @Test
    void the_documented_defaults_are_the_ones_the_loader_applies() throws Exception {
        String docs = docs();
        assertThat(docs).contains(
                "| `cpu` | integer 1–16384 | none (Barcelona's) |",
                "| `memory` | integer 6–131072 | `" + Defaults.MEMORY + "`",
                "| `web_container_port` | integer | `" + Defaults.WEB_CONTAINER_PORT + "`",
                "| `health_check_interval` | integer 5–300 | `" + Defaults.HEALTH_CHECK_INTERVAL + "`",
                "| `health_check_timeout` | integer 2–120 | `" + Defaults.HEALTH_CHECK_TIMEOUT + "`",
                "| `healthy_threshold_count` | integer 2–10 | `" + Defaults.HEALTHY_THRESHOLD + "`",
                "| `unhealthy_threshold_count` | integer 2–10 | `" + Defaults.UNHEALTHY_THRESHOLD + "`",
                "| `rule_priority` | integer 1–50000 | `" + Defaults.RULE_PRIORITY + "`",
                "| `cluster_size` | integer 0–100 | `" + Defaults.CLUSTER_SIZE + "`",
                "| `cluster_instance_type` | string | `" + Defaults.CLUSTER_INSTANCE_TYPE + "`",
                "| `region` | string | `" + Defaults.REGION + "`",
                "| `image_tag` | string | `" + Defaults.IMAGE_TAG + "`",
                "| `target_cpu_percent` | integer 1–100 | `" + Defaults.TARGET_CPU_PERCENT + "`",
                "| `stack_prefix` | string | `" + Settings.defaults().stackPrefix() + "`");
    }

    private static String docs() throws Exception {
        return Files.readString(DOCS.resolve("district-file.md"), StandardCharsets.UTF_8)
                + Files.readString(DOCS.resolve("barcelona-yml.md"), StandardCharsets.UTF_8);
    }
}

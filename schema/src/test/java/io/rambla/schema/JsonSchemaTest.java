package io.rambla.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JsonSchemaTest {

    /** Where each mapping the loader reads is described in the published schemas. */
    private static final Map<KnownKeys, String[]> SCHEMA_DEFS = Map.ofEntries(
            Map.entry(KnownKeys.SETTINGS, new String[] {"rambla", "settings"}),
            Map.entry(KnownKeys.DISTRICT, new String[] {"district", "district"}),
            Map.entry(KnownKeys.ENDPOINT, new String[] {"district", "endpoint"}),
            Map.entry(KnownKeys.NOTIFICATIONS, new String[] {"district", "notifications"}),
            Map.entry(KnownKeys.APPLICATION, new String[] {"barcelona", "application"}),
            Map.entry(KnownKeys.ENVIRONMENT, new String[] {"barcelona", "environment"}),
            Map.entry(KnownKeys.SERVICE, new String[] {"barcelona", "service"}),
            Map.entry(KnownKeys.AUTO_SCALING, new String[] {"barcelona", "autoScaling"}),
            Map.entry(KnownKeys.LISTENER, new String[] {"barcelona", "listener"}),
            Map.entry(KnownKeys.RULE_CONDITION, new String[] {"barcelona", "ruleCondition"}),
            Map.entry(KnownKeys.ENVIRONMENT_VARIABLE, new String[] {"barcelona", "environmentVariable"}),
            Map.entry(KnownKeys.SCHEDULED_TASK, new String[] {"barcelona", "scheduledTask"}),
            Map.entry(KnownKeys.RUN_ENV, new String[] {"barcelona", "runEnv"}),
            Map.entry(KnownKeys.BEFORE_DEPLOY, new String[] {"barcelona", "beforeDeploy"}),
            Map.entry(KnownKeys.REVIEW, new String[] {"barcelona", "review"}),
            Map.entry(KnownKeys.REVIEW_GROUP, new String[] {"district", "reviewGroup"}));

    @TempDir
    Path root;

    @ParameterizedTest
    @EnumSource(KnownKeys.class)
    void every_key_the_loader_knows_is_described_in_the_schema_and_no_other(KnownKeys section) throws Exception {
        String[] where = SCHEMA_DEFS.get(section);
        JsonNode properties = schemaJson(where[0]).path("$defs").path(where[1]).path("properties");
        List<String> described = new ArrayList<>();
        properties.fieldNames().forEachRemaining(described::add);

        List<String> known = new ArrayList<>(section.keys());
        known.addAll(section.barcelonaOnly());
        assertThat(described).as(where[0] + ".schema.json $defs." + where[1]).containsExactlyInAnyOrderElementsOf(known);
        section.barcelonaOnly().forEach(key -> assertThat(properties.path(key).path("$ref").asText())
                .as(key + " is marked as a Barcelona-only key").isEqualTo("#/$defs/barcelonaOnly"));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"repos/realistic", "repos/barcelona-classic"})
    void every_fixture_file_validates_against_its_schema(String repo) throws Exception {
        Path root = TestRepo.resource(repo);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            String relative = root.relativize(file).toString().replace('\\', '/');
            String schema = relative.equals("rambla.yml") ? "rambla" : relative.startsWith("districts/") ? "district" : "barcelona";
            assertThat(validate(schema, YamlJson.read(file))).as(repo + "/" + relative).isEmpty();
        }
    }

    @Test
    void the_schema_refuses_what_the_loader_refuses() throws Exception {
        Path file = root.resolve("barcelona.yml");
        Files.writeString(file, """
                environments:
                  production:
                    image_name: shop
                    services:
                      - name: web
                        memroy: 1024
                        service_type: webb
                    environment:
                      - name: A
                        value: x
                        ssm_path: /a
                """);

        List<Error> errors = validate("barcelona", YamlJson.read(file));

        assertThat(errors).extracting(e -> e.getInstanceLocation().toString())
                .contains("/environments/production/services/0", "/environments/production/services/0/service_type",
                        "/environments/production/environment/0");
    }

    @Test
    void the_schema_refuses_reserved_and_oversized_district_tags_as_the_loader_does() throws Exception {
        Path file = root.resolve("district.yml");
        Files.writeString(file, """
                tags:
                  team: platform
                  aws:createdBy: me
                  Rambla:unit: mine
                  cost-center: "%s"
                """.formatted("x".repeat(257)));

        List<Error> errors = validate("district", YamlJson.read(file));

        assertThat(errors).extracting(e -> e.getInstanceLocation().toString())
                .contains("/tags/cost-center").isNotEmpty()
                .noneMatch(location -> location.equals("/tags/team"));
        assertThat(errors).hasSizeGreaterThanOrEqualTo(3);
    }

    private static List<Error> validate(String schemaName, JsonNode document) throws Exception {
        try (InputStream in = schemaStream(schemaName)) {
            Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
            return schema.validate(document);
        }
    }

    private static JsonNode schemaJson(String name) throws Exception {
        try (InputStream in = schemaStream(name)) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static InputStream schemaStream(String name) {
        InputStream in = JsonSchemaTest.class.getResourceAsStream("/schemas/" + name + ".schema.json");
        assertThat(in).as(name + ".schema.json on the classpath").isNotNull();
        return in;
    }
}

package io.rambla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rambla.apply.AwsCallCounter;
import io.rambla.apply.AwsCloudFormationStacks;
import io.rambla.apply.StackApplier;
import io.rambla.reconcile.Reconciler;
import io.rambla.retry.Backoff;
import io.rambla.source.JGitSource;
import io.rambla.status.UnitStatusStore;
import io.rambla.support.Emulator;
import io.rambla.support.GitFixture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/** {@code rambla plan} against live stacks on the emulator, and {@code --offline} without it. */
class PlanCommandIT {

    @TempDir
    Path temp;

    private record Run(int exit, String out, String err) {}

    private Run plan(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int exit = new PlanCommand(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false)
                .run(List.of(args));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Map<String, String> repository(String prefix, String cidr, String tag) {
        return Map.of(
                "rambla.yml", "stack_prefix: " + prefix + "\n",
                "districts/production.yml", "region: us-east-1\nnat_type: none\ncluster_backend: fargate\ncidr_block: " + cidr + "\n",
                "apps/shop/barcelona.yml", """
                        environments:
                          production:
                            image_name: public.ecr.aws/nginx/nginx
                            image_tag: %s
                            services:
                              - name: worker
                                cpu: 256
                                memory: 512
                                command: bundle exec sidekiq
                        """.formatted(tag));
    }

    private Path write(String name, Map<String, String> files) throws IOException {
        Path dir = temp.resolve(name);
        for (var file : files.entrySet()) {
            Path path = dir.resolve(file.getKey());
            Files.createDirectories(path.getParent() == null ? dir : path.getParent());
            Files.writeString(path, file.getValue());
        }
        return dir;
    }

    @Test
    void aLivePlanShowsTheImageBeforeAndAfterAndAReplacementWithItsCauseAndLeavesNoChangeSet() throws Exception {
        Emulator.requireRunning();
        String prefix = Emulator.uniqueName("plancli");
        var backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 1.5);
        try (GitFixture git = GitFixture.create(temp.resolve("git"), "main"); CloudFormationClient client = Emulator.cloudFormation(new AwsCallCounter())) {
            var stacks = new AwsCloudFormationStacks(client, backoff);
            git.commitAndPush("district and shop", repository(prefix, "10.71.0.0/16", "v1"));
            Reconciler.of(new JGitSource(git.url(), "main", temp.resolve("checkout")),
                    new StackApplier(stacks, backoff, Duration.ofMinutes(5)), new UnitStatusStore()).sync();
            String[] aws = {"--endpoint", Emulator.ENDPOINT, "--region", Emulator.REGION};

            Path imageChange = write("image", repository(prefix, "10.71.0.0/16", "v2"));
            Run image = plan(concat(imageChange.toString(), aws));

            assertThat(image.exit()).as(image.err()).isEqualTo(3);
            assertThat(image.out()).contains("# app/shop/production (stack " + prefix + "-app-shop-production): update")
                    .containsPattern("[~±] AWS::ECS::TaskDefinition WorkerTaskDefinition.*\n      ContainerDefinitions\\[0]\\.Image: "
                            + "\"public.ecr.aws/nginx/nginx:v1\" -> \"public.ecr.aws/nginx/nginx:v2\"")
                    .containsPattern("Plan: \\d+ to add, \\d+ to change, \\d+ to replace, \\d+ to remove\\.\n$");
            assertThat(image.err()).contains("planning app/shop/production");

            Run json = plan(concat(imageChange.toString(), concat("--format", concat("json", aws))));
            JsonNode root = new ObjectMapper().readTree(json.out());
            assertThat(root.path("summary").has("replace")).isTrue();
            List<String> afters = new ArrayList<>();
            root.path("units").forEach(u -> u.path("resources").forEach(r -> r.path("changes").forEach(c -> afters.add(c.path("after").asText()))));
            assertThat(afters).contains("public.ecr.aws/nginx/nginx:v2");

            Path cidrChange = write("cidr", repository(prefix, "10.72.0.0/16", "v1"));
            Run cidr = plan(concat(cidrChange.toString(), aws));

            assertThat(cidr.out()).containsPattern("± AWS::EC2::VPC \\w+  \\((may be )?replaced, caused by CidrBlock\\)  !! stateful")
                    .contains("CidrBlock: \"10.71.0.0/16\" -> \"10.72.0.0/16\"")
                    .contains("# app/shop/production (stack " + prefix + "-app-shop-production): changes after its upstream units are applied");
            for (String stack : List.of(prefix + "-district-production", prefix + "-app-shop-production")) {
                assertThat(client.listChangeSets(r -> r.stackName(stack)).summaries()).as("change sets left on " + stack).isEmpty();
            }
        }
    }

    @Test
    void offlineDiffsAgainstAnotherDirectoryWithoutAws() throws Exception {
        Path before = write("before", repository("off", "10.71.0.0/16", "v1"));
        Path after = write("after", repository("off", "10.71.0.0/16", "v2"));

        Run run = plan(after.toString(), "--offline", "--against", before.toString());

        assertThat(run.exit()).as(run.err()).isEqualTo(3);
        assertThat(run.out()).contains("ContainerDefinitions[0].Image: \"public.ecr.aws/nginx/nginx:v1\" -> \"public.ecr.aws/nginx/nginx:v2\"")
                .contains("± AWS::ECS::TaskDefinition WorkerTaskDefinition  (replaced, caused by ContainerDefinitions)")
                .contains("# district/production (stack off-district-production): no changes")
                .endsWith("Plan: 0 to add, 0 to change, 2 to replace, 0 to remove.\n");
        Run same = plan(before.toString(), "--offline", "--against", before.toString());
        assertThat(same.exit()).isZero();
        assertThat(same.out()).endsWith("Plan: 0 to add, 0 to change, 0 to replace, 0 to remove.\n");
        Run fresh = plan(before.toString(), "--offline", "--format", "json");
        assertThat(new ObjectMapper().readTree(fresh.out()).path("summary").path("add").asLong()).isPositive();
        assertThat(plan(before.toString(), "--offline", "--endpoint", "http://x").exit()).isEqualTo(2);
        assertThat(plan(before.toString(), "--format", "yaml").exit()).isEqualTo(2);
    }

    private static String[] concat(String first, String... rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}

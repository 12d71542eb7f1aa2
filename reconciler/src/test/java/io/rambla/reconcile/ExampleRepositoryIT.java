package io.rambla.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.rambla.apply.AwsCallCounter;
import io.rambla.apply.AwsCloudFormationStacks;
import io.rambla.retry.Backoff;
import io.rambla.apply.StackApplier;
import io.rambla.source.JGitSource;
import io.rambla.status.UnitState;
import io.rambla.status.UnitStatusStore;
import io.rambla.support.Emulator;
import io.rambla.support.GitFixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/**
 * Every stack of example-infra-repo/ deploys in the emulator through the daemon's reconciler, in
 * order. The emulator stands in for some resource types without creating anything; the test
 * names them, so that limit is visible rather than silently skipped.
 */
class ExampleRepositoryIT {

    /** Types localstack-core 2026.3.0 "deploys as a fallback": CREATE_COMPLETE, physical id `unknown`. */
    private static final Set<String> EMULATOR_STAND_INS = Set.of(
            "AWS::AutoScaling::AutoScalingGroup",
            "AWS::EC2::LaunchTemplate",
            "AWS::ECS::CapacityProvider",
            "AWS::ECS::Cluster",
            "AWS::ECS::ClusterCapacityProviderAssociations",
            "AWS::ECS::Service",
            "AWS::ECS::TaskDefinition",
            "AWS::EC2::FlowLog",
            "AWS::ElasticLoadBalancingV2::Listener",
            "AWS::ElasticLoadBalancingV2::ListenerRule",
            "AWS::ElasticLoadBalancingV2::LoadBalancer",
            "AWS::ElasticLoadBalancingV2::TargetGroup");

    @TempDir
    Path temp;

    @Test
    void everyUnitOfTheExampleRepositoryIsAppliedInDependencyOrder() throws Exception {
        String prefix = Emulator.uniqueName("ex").replace("-", "");
        Map<String, String> files = exampleFiles();
        files.put("rambla.yml", "stack_prefix: " + prefix + "\ndefault_district: production\n");
        var backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 1.5);
        try (GitFixture git = GitFixture.create(temp, "main"); CloudFormationClient client = Emulator.cloudFormation(new AwsCallCounter())) {
            git.commitAndPush("the example infrastructure", files);
            var statuses = new UnitStatusStore();
            var reconciler = Reconciler.of(new JGitSource(git.url(), "main", temp.resolve("checkout")),
                    new StackApplier(new AwsCloudFormationStacks(client, backoff), backoff, Duration.ofMinutes(10)), statuses);

            var report = reconciler.sync();

            assertThat(report.units()).as("statuses: %s", statuses.all()).containsOnly(
                    Map.entry("district/production", UnitState.APPLIED),
                    Map.entry("endpoint/production/internal", UnitState.APPLIED),
                    Map.entry("endpoint/production/public", UnitState.APPLIED),
                    Map.entry("app/backoffice/production", UnitState.APPLIED),
                    Map.entry("app/blog/production", UnitState.APPLIED),
                    Map.entry("app/shop/production", UnitState.APPLIED));

            // Each unit finished after the units it stands on.
            assertFinishedBefore(statuses, "district/production", "endpoint/production/public", "endpoint/production/internal");
            assertFinishedBefore(statuses, "endpoint/production/public", "app/shop/production", "app/blog/production");
            assertFinishedBefore(statuses, "endpoint/production/internal", "app/backoffice/production");

            Map<String, Set<String>> standIns = new TreeMap<>();
            for (var status : statuses.all()) {
                client.describeStackEventsPaginator(r -> r.stackName(status.stack())).stackEvents().forEach(e -> {
                    if (e.resourceStatusReason() != null && e.resourceStatusReason().contains("deployed as a fallback")) {
                        standIns.computeIfAbsent(e.resourceType(), k -> new TreeSet<>()).add(status.stack());
                    }
                });
            }
            // An app changes on its own: only its stack is updated, through a change set.
            files.put("apps/shop/barcelona.yml", files.get("apps/shop/barcelona.yml").replace("image_tag: \"1.27\"", "image_tag: \"1.28\""));
            String bump = git.commitAndPush("shop 1.28", Map.of("apps/shop/barcelona.yml", files.get("apps/shop/barcelona.yml")));
            reconciler.sync();
            assertThat(statuses.get("app/shop/production").orElseThrow().lastAppliedRevision()).isEqualTo(bump);
            // The emulator has no ECS, so the shop's before_deploy is switched off here, and the status says so.
            assertThat(statuses.get("app/shop/production").orElseThrow().message())
                    .contains("before_deploy `bundle exec rake db:migrate` not run: one-off tasks are switched off (rambla.apply.before-deploy: skip)");
            assertThat(statuses.get("app/blog/production").orElseThrow().lastAppliedRevision()).isNotEqualTo(bump);
            assertThat(client.describeStacks(r -> r.stackName(prefix + "-app-shop-production")).stacks().get(0)
                    .stackStatusAsString()).isEqualTo("UPDATE_COMPLETE");

            System.out.println("Resource types the emulator stood in for: " + standIns.keySet());
            assertThat(standIns.keySet()).as("resource types the emulator only pretends to create").isSubsetOf(EMULATOR_STAND_INS);
        }
    }

    private static void assertFinishedBefore(UnitStatusStore statuses, String upstream, String... downstream) {
        var upstreamDone = statuses.get(upstream).orElseThrow().updatedAt();
        for (String unit : downstream) {
            assertThat(statuses.get(unit).orElseThrow().updatedAt()).as("%s finished after %s", unit, upstream).isAfter(upstreamDone);
        }
    }

    private static Map<String, String> exampleFiles() throws IOException {
        Path root = Path.of("..", "example-infra-repo");
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path file : paths.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(file).toString().replace('\\', '/'), Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        return files;
    }
}

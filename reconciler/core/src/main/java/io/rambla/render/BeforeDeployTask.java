package io.rambla.render;

import io.rambla.schema.AppEnvironment;
import io.rambla.schema.EnvironmentVariable;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An app environment's {@code before_deploy} as the apply layer runs it: the command, and what the
 * new version's one-off container looks like — image, size, environment and secrets exactly as
 * {@code OneOffTaskDefinition} in the rendered template has them. The live stack still holds the
 * previous version's one-off task definition while the change set waits, so these are the parts a
 * new revision of it must take from the commit.
 *
 * @param commandLine the command as written in barcelona.yml, for messages
 * @param command     the command split into words as the container's command override
 * @param environment plain variables, by name
 * @param secrets     secret variables by name; the value is the container's {@code valueFrom}, which
 *                    may still hold {@code ${AWS::Partition}}, {@code ${AWS::Region}} and
 *                    {@code ${AWS::AccountId}} (see {@link #resolvedSecrets})
 */
public record BeforeDeployTask(String commandLine, List<String> command, String image, int cpu, int memory,
                               Map<String, String> environment, Map<String, String> secrets) {

    /** The container of the one-off task definition whose command is overridden. */
    public static final String CONTAINER = AppTemplate.ONE_OFF_CONTAINER;
    public static final String OUTPUT_TASK_DEFINITION_ARN = AppTemplate.Outputs.ONE_OFF_TASK_DEFINITION_ARN;
    public static final String OUTPUT_SECURITY_GROUP_ID = AppTemplate.Outputs.ONE_OFF_SECURITY_GROUP_ID;
    public static final String OUTPUT_SUBNET_IDS = AppTemplate.Outputs.SUBNET_IDS;
    public static final String OUTPUT_CLUSTER_NAME = AppTemplate.Outputs.CLUSTER_NAME;
    public static final String OUTPUT_CAPACITY_PROVIDER = AppTemplate.Outputs.CAPACITY_PROVIDER;

    public BeforeDeployTask {
        command = List.copyOf(command);
        environment = Collections.unmodifiableMap(new TreeMap<>(environment));
        secrets = Collections.unmodifiableMap(new TreeMap<>(secrets));
    }

    /** The unit's {@code before_deploy}; empty for districts, endpoints and environments without one. */
    public static Optional<BeforeDeployTask> of(Unit unit) {
        if (!(unit instanceof Unit.AppEnvironmentUnit app)) {
            return Optional.empty();
        }
        AppEnvironment env = app.environment();
        if (env.beforeDeploy() == null || env.beforeDeploy().isBlank()) {
            return Optional.empty();
        }
        Map<String, String> environment = new TreeMap<>();
        Map<String, String> secrets = new TreeMap<>();
        for (EnvironmentVariable v : env.environmentVariables()) {
            if (v.value() != null) {
                environment.put(v.name(), v.value());
            } else {
                Object from = SecretReference.of(v, app.district().name()).valueFrom();
                secrets.put(v.name(), from instanceof Fn.Sub sub ? sub.text() : (String) from);
            }
        }
        // Barcelona's run_env: variables for one-off tasks only.
        environment.putAll(env.runEnv());
        return Optional.of(new BeforeDeployTask(env.beforeDeploy().strip(), Commands.split(env.beforeDeploy()),
                AppTemplate.image(env), AppTemplate.oneOffCpu(env), AppTemplate.oneOffMemory(env), environment, secrets));
    }

    /** {@link #secrets} with the pseudo parameters CloudFormation would have filled in. */
    public Map<String, String> resolvedSecrets(String partition, String region, String accountId) {
        Map<String, String> resolved = new TreeMap<>();
        secrets.forEach((name, from) -> resolved.put(name, from
                .replace("${AWS::Partition}", partition)
                .replace("${AWS::Region}", region)
                .replace("${AWS::AccountId}", accountId)));
        return resolved;
    }
}

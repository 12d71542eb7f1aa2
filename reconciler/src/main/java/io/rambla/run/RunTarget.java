package io.rambla.run;

import io.rambla.render.BeforeDeployTask;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Where a one-off task of an app environment runs, read from its live stack's outputs: the one-off
 * task definition (the app's image, environment with {@code run_env}, secrets and roles as last
 * deployed), the district's cluster and capacity provider, its private subnets and the one-off
 * security group.
 */
public record RunTarget(String unitId, String stackName, String region, String taskDefinitionArn, String containerName,
                        String cluster, String capacityProvider, List<String> subnets, String securityGroup) {

    public RunTarget {
        subnets = List.copyOf(subnets);
    }

    /** The outputs a stack must have to run one-off tasks. */
    static final List<String> OUTPUTS = List.of(BeforeDeployTask.OUTPUT_TASK_DEFINITION_ARN, BeforeDeployTask.OUTPUT_CLUSTER_NAME,
            BeforeDeployTask.OUTPUT_CAPACITY_PROVIDER, BeforeDeployTask.OUTPUT_SUBNET_IDS, BeforeDeployTask.OUTPUT_SECURITY_GROUP_ID);

    /**
     * The target from {@code outputs}, the live outputs of {@code stackName}.
     *
     * @throws RunException naming the outputs the stack lacks
     */
    public static RunTarget of(String unitId, String stackName, String region, Map<String, String> outputs) {
        List<String> missing = OUTPUTS.stream().filter(key -> outputs.get(key) == null || outputs.get(key).isBlank()).toList();
        if (!missing.isEmpty()) {
            throw new RunException("stack " + stackName + " has no output " + String.join(", ", missing)
                    + ": it was not deployed by this version of Rambla, or its last deployment failed");
        }
        List<String> subnets = Arrays.stream(outputs.get(BeforeDeployTask.OUTPUT_SUBNET_IDS).split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (subnets.isEmpty()) {
            throw new RunException("stack " + stackName + " names no subnet in its output " + BeforeDeployTask.OUTPUT_SUBNET_IDS);
        }
        return new RunTarget(unitId, stackName, region, outputs.get(BeforeDeployTask.OUTPUT_TASK_DEFINITION_ARN),
                BeforeDeployTask.CONTAINER, outputs.get(BeforeDeployTask.OUTPUT_CLUSTER_NAME),
                outputs.get(BeforeDeployTask.OUTPUT_CAPACITY_PROVIDER), subnets, outputs.get(BeforeDeployTask.OUTPUT_SECURITY_GROUP_ID));
    }

}

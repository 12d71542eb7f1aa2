package io.rambla.apply;

import io.rambla.render.BeforeDeployTask;
import java.util.List;

/**
 * One one-off task to run: a new revision of {@code baseTaskDefinitionArn} (the live stack's
 * one-off task definition: its family, roles, network mode and log configuration) with the
 * container {@code containerName} taking {@code task}'s image, size, environment and secrets, run
 * once with {@code task}'s command on the cluster, in the subnets and security group given.
 */
public record OneOffTaskRequest(String unitId, String baseTaskDefinitionArn, String containerName, BeforeDeployTask task,
                                String cluster, String capacityProvider, List<String> subnets, String securityGroup) {

    public OneOffTaskRequest {
        subnets = List.copyOf(subnets);
    }
}

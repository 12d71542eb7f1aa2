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
                                String cluster, String capacityProvider, List<String> subnets, String securityGroup,
                                String clientToken) {

    /**
     * @param clientToken RunTask's idempotency token (at most 64 characters), the same for the same
     *                    unit, commit and desired state: a daemon restarted while the task runs gets
     *                    the running task back from ECS instead of starting a second; null for none
     */
    public OneOffTaskRequest {
        subnets = List.copyOf(subnets);
        if (clientToken != null && (clientToken.isEmpty() || clientToken.length() > 64)) {
            throw new IllegalArgumentException("a RunTask client token has 1 to 64 characters, got " + clientToken.length());
        }
    }

    /** A request without a client token. */
    public OneOffTaskRequest(String unitId, String baseTaskDefinitionArn, String containerName, BeforeDeployTask task,
                             String cluster, String capacityProvider, List<String> subnets, String securityGroup) {
        this(unitId, baseTaskDefinitionArn, containerName, task, cluster, capacityProvider, subnets, securityGroup, null);
    }

    /** The same request, with RunTask's idempotency token. */
    public OneOffTaskRequest withClientToken(String token) {
        return new OneOffTaskRequest(unitId, baseTaskDefinitionArn, containerName, task, cluster, capacityProvider, subnets,
                securityGroup, token);
    }
}

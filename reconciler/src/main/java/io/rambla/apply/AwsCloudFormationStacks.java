package io.rambla.apply;

import io.rambla.drift.DriftDetection;
import io.rambla.drift.DriftDetection.PropertyDifference;
import io.rambla.drift.DriftDetection.ResourceDrift;
import io.rambla.plan.ChangeSet;
import io.rambla.plan.DesiredState;
import io.rambla.plan.LiveStack;
import io.rambla.retry.Backoff;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetType;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.DeploymentMode;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackDriftDetectionStatusResponse;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackDriftDetectionStatus;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.cloudformation.model.StackResourceDriftStatus;
import software.amazon.awssdk.services.cloudformation.model.Tag;

/** The CloudFormation ports ({@link CloudFormationStacks}, {@link DriftDetections}, {@link ChangeSetListing}, {@link StackInsight}) on the AWS SDK v2. */
public final class AwsCloudFormationStacks implements CloudFormationStacks, DriftDetections, ChangeSetListing, StackInsight {

    private static final Duration CHANGE_SET_TIMEOUT = Duration.ofMinutes(5);
    /** AWS says a detection "can take up to several minutes, depending on the number of resources". */
    private static final Duration DRIFT_DETECTION_TIMEOUT = Duration.ofMinutes(15);

    private final CloudFormationClient client;
    private final Backoff backoff;
    private final Duration changeSetTimeout;
    private final Duration driftDetectionTimeout;
    /** CloudFormation's service role, or null to act with the daemon's own credentials. */
    private final String serviceRoleArn;

    private volatile SsmAmiLookup amis;

    @Override
    public io.rambla.plan.Amis.Lookup amiLookup() {
        if (amis == null) {
            var configuration = client.serviceClientConfiguration();
            amis = new SsmAmiLookup(configuration.credentialsProvider(), configuration.endpointOverride());
        }
        return amis;
    }

    /** With the default waits: 5 minutes for a change set, 15 for a drift detection. */
    public AwsCloudFormationStacks(CloudFormationClient client, Backoff backoff) {
        this(client, backoff, CHANGE_SET_TIMEOUT, DRIFT_DETECTION_TIMEOUT);
    }

    public AwsCloudFormationStacks(CloudFormationClient client, Backoff backoff, Duration changeSetTimeout, Duration driftDetectionTimeout) {
        this(client, backoff, changeSetTimeout, driftDetectionTimeout, null);
    }

    /**
     * @param serviceRoleArn the role CloudFormation acts with when it creates, updates and deletes
     *                       resources ({@code rambla.aws.cloudformation-role-arn}); null or blank for
     *                       the daemon's own credentials
     */
    public AwsCloudFormationStacks(CloudFormationClient client, Backoff backoff, Duration changeSetTimeout, Duration driftDetectionTimeout,
            String serviceRoleArn) {
        this.client = client;
        this.backoff = backoff;
        this.changeSetTimeout = changeSetTimeout;
        this.driftDetectionTimeout = driftDetectionTimeout;
        this.serviceRoleArn = serviceRoleArn == null || serviceRoleArn.isBlank() ? null : serviceRoleArn.strip();
    }

    @Override
    public Optional<LiveStack> describe(String stackName) {
        return call("DescribeStacks", stackName, () -> {
            try {
                List<Stack> stacks = client.describeStacks(r -> r.stackName(stackName)).stacks();
                return stacks.stream().findFirst().map(AwsCloudFormationStacks::toLive);
            } catch (CloudFormationException e) {
                if (e.getMessage() != null && e.getMessage().contains("does not exist")) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    @Override
    public Optional<io.rambla.plan.LiveTemplate> template(String stackName) {
        return call("GetTemplate", stackName, () -> {
            try {
                List<Stack> stacks = client.describeStacks(r -> r.stackName(stackName)).stacks();
                if (stacks.isEmpty()) {
                    return Optional.empty();
                }
                Map<String, String> parameters = new LinkedHashMap<>();
                stacks.get(0).parameters().forEach(p -> parameters.put(p.parameterKey(),
                        p.resolvedValue() != null ? p.resolvedValue() : p.parameterValue() == null ? "" : p.parameterValue()));
                String body = client.getTemplate(r -> r.stackName(stackName)
                        .templateStage(software.amazon.awssdk.services.cloudformation.model.TemplateStage.ORIGINAL)).templateBody();
                return Optional.of(new io.rambla.plan.LiveTemplate(body == null ? "{}" : body, parameters));
            } catch (CloudFormationException e) {
                if (e.getMessage() != null && e.getMessage().contains("does not exist")) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    @Override
    public List<LiveStack> list() {
        return call("DescribeStacks", null, () -> {
            List<LiveStack> all = new ArrayList<>();
            client.describeStacksPaginator(r -> r.build()).stacks().forEach(s -> all.add(toLive(s)));
            return all;
        });
    }

    /**
     * Runs one call of the port and converts what the SDK throws into {@link AwsException}: every
     * error leaving this adapter says whether it is worth retrying.
     */
    private static <T> T call(String operation, String stackName, java.util.function.Supplier<T> body) {
        try {
            return body.get();
        } catch (SdkException e) {
            throw AwsException.classify(operation, stackName, e);
        }
    }

    private static LiveStack toLive(Stack s) {
        Map<String, String> tags = new LinkedHashMap<>();
        s.tags().forEach(t -> tags.put(t.key(), t.value()));
        Map<String, String> outputs = new LinkedHashMap<>();
        s.outputs().forEach(o -> outputs.put(o.outputKey(), o.outputValue()));
        var drift = s.driftInformation();
        return new LiveStack(s.stackName(), s.stackId(), s.stackStatusAsString(), s.stackStatusReason(), tags, outputs,
                drift == null ? null : drift.stackDriftStatusAsString(), drift == null ? null : drift.lastCheckTimestamp());
    }

    @Override
    public ChangeSet createChangeSet(DesiredState desired, String changeSetName, boolean create) {
        return createChangeSet(desired, changeSetName, create ? ChangeSetType.CREATE : ChangeSetType.UPDATE, null);
    }

    @Override
    public ChangeSet createDriftRevertChangeSet(DesiredState desired, String changeSetName) {
        return createChangeSet(desired, changeSetName, ChangeSetType.UPDATE, DeploymentMode.REVERT_DRIFT);
    }

    private ChangeSet createChangeSet(DesiredState desired, String changeSetName, ChangeSetType type, DeploymentMode mode) {
        return call("CreateChangeSet", desired.stackName(), () -> createAndAwait(desired, changeSetName, type, mode));
    }

    private ChangeSet createAndAwait(DesiredState desired, String changeSetName, ChangeSetType type, DeploymentMode mode) {
        var response = client.createChangeSet(r -> r
                .stackName(desired.stackName())
                .changeSetName(changeSetName)
                .changeSetType(type)
                .deploymentMode(mode)
                .templateBody(desired.templateBody())
                .roleARN(serviceRoleArn)
                .capabilities(Capability.CAPABILITY_IAM, Capability.CAPABILITY_NAMED_IAM)
                .parameters(desired.parameters().entrySet().stream()
                        .map(e -> Parameter.builder().parameterKey(e.getKey()).parameterValue(e.getValue()).build())
                        .toList())
                .tags(desired.tags().entrySet().stream()
                        .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                        .toList()));
        String id = response.id();
        Instant deadline = Instant.now().plus(changeSetTimeout);
        int attempt = 0;
        while (true) {
            ChangeSet changeSet = describeChangeSet(id);
            if (!changeSet.status().endsWith("_PENDING") && !changeSet.status().endsWith("_IN_PROGRESS")) {
                return changeSet;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("change set " + changeSetName + " still " + changeSet.status() + " after " + changeSetTimeout);
            }
            backoff.sleep(attempt++);
        }
    }

    private ChangeSet describeChangeSet(String id) {
        List<ChangeSet.ResourceChange> changes = new ArrayList<>();
        DescribeChangeSetResponse page = null;
        // Every page carries the change set's status (the last is the newest); the changes are spread over the pages.
        for (DescribeChangeSetResponse each : client.describeChangeSetPaginator(r -> r.changeSetName(id).includePropertyValues(true))) {
            page = each;
            each.changes().forEach(c -> {
                var rc = c.resourceChange();
                if (rc != null) {
                    changes.add(new ChangeSet.ResourceChange(rc.actionAsString(), rc.logicalResourceId(),
                            rc.resourceType(), rc.replacementAsString(), causes(rc), values(rc)));
                }
            });
        }
        String reason = page.statusReason() == null ? "" : page.statusReason();
        boolean empty = page.statusAsString().equals("FAILED") && isNoChangesReason(reason);
        return new ChangeSet(page.changeSetId(), page.changeSetName(), page.statusAsString(), reason, empty, changes);
    }

    /** The properties whose change CloudFormation says may recreate the resource. */
    private static List<String> causes(software.amazon.awssdk.services.cloudformation.model.ResourceChange rc) {
        return rc.details().stream()
                .map(d -> d.target())
                .filter(t -> t != null && t.name() != null && "Properties".equals(t.attributeAsString())
                        && t.requiresRecreation() != null && !"Never".equals(t.requiresRecreationAsString()))
                .map(t -> t.name())
                .distinct()
                .toList();
    }

    /** The property values CloudFormation gives (with IncludePropertyValues), masked where it masks them. */
    private static List<io.rambla.plan.ValueChange> values(software.amazon.awssdk.services.cloudformation.model.ResourceChange rc) {
        return rc.details().stream()
                .map(d -> d.target())
                .filter(t -> t != null && t.path() != null && (t.beforeValue() != null || t.afterValue() != null))
                .map(t -> new io.rambla.plan.ValueChange(t.path().replaceFirst("^/Properties/", "").replace('/', '.'),
                        t.beforeValue(), t.afterValue()))
                .distinct()
                .toList();
    }

    @Override
    public DriftDetection detectDrift(String stackName) {
        String operation = "DetectStackDrift";
        try {
            String id = client.detectStackDrift(r -> r.stackName(stackName)).stackDriftDetectionId();
            operation = "DescribeStackDriftDetectionStatus";
            Instant deadline = Instant.now().plus(driftDetectionTimeout);
            int attempt = 0;
            DescribeStackDriftDetectionStatusResponse status;
            while (true) {
                status = client.describeStackDriftDetectionStatus(r -> r.stackDriftDetectionId(id));
                if (status.detectionStatus() != StackDriftDetectionStatus.DETECTION_IN_PROGRESS) {
                    break;
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new DriftDetectionUnavailable("drift detection " + id + " of " + stackName + " still in progress after "
                            + driftDetectionTimeout, null);
                }
                backoff.sleep(attempt++);
            }
            operation = "DescribeStackResourceDrifts";
            List<ResourceDrift> drifted = new ArrayList<>();
            client.describeStackResourceDriftsPaginator(r -> r.stackName(stackName)
                            .stackResourceDriftStatusFilters(StackResourceDriftStatus.MODIFIED, StackResourceDriftStatus.DELETED))
                    .forEach(page -> page.stackResourceDrifts().forEach(d -> drifted.add(new ResourceDrift(d.logicalResourceId(),
                            d.resourceType(), d.stackResourceDriftStatusAsString(), d.propertyDifferences().stream()
                                    .map(p -> new PropertyDifference(p.propertyPath(), p.expectedValue(), p.actualValue(), p.differenceTypeAsString()))
                                    .toList()))));
            return new DriftDetection(status.detectionStatusAsString(), status.stackDriftStatusAsString(), status.detectionStatusReason(),
                    status.timestamp(), drifted);
        } catch (SdkException e) {
            throw new DriftDetectionUnavailable(operation + " on " + stackName + " failed: " + errorText(e), e);
        }
    }

    /** CloudFormation's own words: error code, HTTP status and message when the service answered. */
    static String errorText(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            var details = service.awsErrorDetails();
            return details.errorCode() + " (HTTP " + service.statusCode() + "): " + details.errorMessage();
        }
        return e.getMessage();
    }

    static boolean isNoChangesReason(String reason) {
        String r = reason.toLowerCase();
        return r.contains("didn't contain changes") || r.contains("no updates are to be performed")
                || r.contains("did not contain changes");
    }

    /** Every status CloudFormation names {@code *_IN_PROGRESS}, the filter of a busy-stack listing. */
    private static final List<String> IN_PROGRESS = java.util.Arrays.stream(software.amazon.awssdk.services.cloudformation.model.StackStatus.values())
            .map(software.amazon.awssdk.services.cloudformation.model.StackStatus::toString)
            .filter(status -> io.rambla.plan.StackStatus.of(status).inProgress())
            .toList();

    @Override
    public boolean listsBusyStacks() {
        return true;
    }

    /**
     * ListStacks filtered to in-progress statuses: its size follows the stacks being changed at
     * that moment, not every stack of the region (as a DescribeStacks listing's does).
     */
    @Override
    public java.util.Set<String> busyStacks() {
        return call("ListStacks", null, () -> {
            java.util.Set<String> busy = new java.util.HashSet<>();
            client.listStacksPaginator(r -> r.stackStatusFiltersWithStrings(IN_PROGRESS)).stackSummaries().forEach(summary -> {
                if (io.rambla.plan.StackStatus.of(summary.stackStatusAsString()).inProgress()) {
                    busy.add(summary.stackName());
                }
            });
            return busy;
        });
    }

    @Override
    public DirectCreate createStack(DesiredState tagged, String clientRequestToken) {
        return call("CreateStack", tagged.stackName(), () -> {
            try {
                client.createStack(r -> r
                        .stackName(tagged.stackName())
                        .templateBody(tagged.templateBody())
                        .roleARN(serviceRoleArn)
                        .capabilities(Capability.CAPABILITY_IAM, Capability.CAPABILITY_NAMED_IAM)
                        .parameters(tagged.parameters().entrySet().stream()
                                .map(e -> Parameter.builder().parameterKey(e.getKey()).parameterValue(e.getValue()).build())
                                .toList())
                        .tags(tagged.tags().entrySet().stream()
                                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                                .toList())
                        .clientRequestToken(clientRequestToken));
                return DirectCreate.STARTED;
            } catch (software.amazon.awssdk.services.cloudformation.model.AlreadyExistsException e) {
                return DirectCreate.EXISTS;
            }
        });
    }

    @Override
    public void executeChangeSet(String changeSetId, String clientRequestToken) {
        call("ExecuteChangeSet", changeSetId, () -> client.executeChangeSet(r -> r.changeSetName(changeSetId).clientRequestToken(clientRequestToken)));
    }

    @Override
    public void deleteChangeSet(String changeSetId) {
        call("DeleteChangeSet", changeSetId, () -> client.deleteChangeSet(r -> r.changeSetName(changeSetId)));
    }

    @Override
    public void deleteStack(String stackName, String clientRequestToken) {
        call("DeleteStack", stackName, () -> client.deleteStack(r -> r.stackName(stackName).clientRequestToken(clientRequestToken).roleARN(serviceRoleArn)));
    }

    @Override
    public List<ChangeSetSummary> listChangeSets(String stackName) {
        return call("ListChangeSets", stackName, () -> {
            List<ChangeSetSummary> summaries = new ArrayList<>();
            try {
                client.listChangeSetsPaginator(r -> r.stackName(stackName)).summaries()
                        .forEach(s -> summaries.add(new ChangeSetSummary(s.changeSetId(), s.changeSetName(),
                                s.statusAsString(), s.executionStatusAsString())));
            } catch (CloudFormationException e) {
                if (e.getMessage() != null && e.getMessage().contains("does not exist")) {
                    return List.of();
                }
                throw e;
            }
            return summaries;
        });
    }

    @Override
    public List<StackFailure> failuresSince(String stackName, Instant since) {
        return call("DescribeStackEvents", stackName, () -> {
            List<StackFailure> failures = new ArrayList<>();
            // Newest first; the paginator fetches the next page only when the loop reaches it.
            for (StackEvent event : client.describeStackEventsPaginator(r -> r.stackName(stackName)).stackEvents()) {
                if (event.timestamp() != null && event.timestamp().isBefore(since)) {
                    break;
                }
                String status = event.resourceStatusAsString();
                if (status != null && status.endsWith("_FAILED") && event.resourceStatusReason() != null
                        && !event.resourceStatusReason().startsWith("Resource creation cancelled")) {
                    failures.add(new StackFailure(event.logicalResourceId(), event.resourceType(), status, event.resourceStatusReason()));
                }
            }
            java.util.Collections.reverse(failures);
            return failures;
        });
    }

    @Override
    public List<StackInsight.Resource> resources(String stackName) {
        return call("DescribeStackResources", stackName, () -> {
            try {
                return client.describeStackResources(r -> r.stackName(stackName)).stackResources().stream()
                        .limit(MAX_RESOURCES)
                        .map(r -> new StackInsight.Resource(r.logicalResourceId(), r.physicalResourceId(), r.resourceType(),
                                r.resourceStatusAsString(), r.resourceStatusReason(), r.timestamp()))
                        .sorted(java.util.Comparator.comparing(StackInsight.Resource::logicalId))
                        .toList();
            } catch (CloudFormationException e) {
                if (e.getMessage() != null && e.getMessage().contains("does not exist")) {
                    return List.of();
                }
                throw e;
            }
        });
    }

    @Override
    public List<StackInsight.Event> events(String stackName, int limit) {
        return call("DescribeStackEvents", stackName, () -> {
            List<StackInsight.Event> events = new ArrayList<>();
            try {
                // Newest first; the paginator fetches the next page only when the loop reaches it.
                for (StackEvent event : client.describeStackEventsPaginator(r -> r.stackName(stackName)).stackEvents()) {
                    if (events.size() >= limit) {
                        break;
                    }
                    events.add(new StackInsight.Event(event.timestamp(), event.logicalResourceId(), event.resourceType(),
                            event.resourceStatusAsString(), event.resourceStatusReason()));
                }
            } catch (CloudFormationException e) {
                if (e.getMessage() != null && e.getMessage().contains("does not exist")) {
                    return List.of();
                }
                throw e;
            }
            return events;
        });
    }
}

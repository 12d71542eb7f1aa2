package io.rambla.plan;

import io.rambla.schema.Diagnostic;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What merging a pull request would do, unit by unit: the input of the plan comment. When the
 * head commit does not validate, {@code validationErrors} says why (each as
 * {@code file:line:column: error: message}) and there are usually no units. {@code details} holds
 * the same units resource by resource and property by property, when they were gathered.
 * {@code basis} says which commit was planned when it is not simply the head: the merge result the
 * host computed, or the head because there was none (null: not said).
 */
public record PullRequestPlan(String headSha, List<UnitPlan> units, List<String> validationErrors, List<UnitChanges> details,
                              String basis) {

    public PullRequestPlan {
        Objects.requireNonNull(headSha, "headSha");
        units = List.copyOf(units);
        validationErrors = List.copyOf(validationErrors);
        details = details == null ? List.of() : List.copyOf(details);
    }

    public PullRequestPlan(String headSha, List<UnitPlan> units, List<String> validationErrors, List<UnitChanges> details) {
        this(headSha, units, validationErrors, details, null);
    }

    /** This plan, saying which commit it planned. */
    public PullRequestPlan withBasis(String basis) {
        return new PullRequestPlan(headSha, units, validationErrors, details, basis);
    }

    /** A plan of counts only, without the resource- and property-level {@code details}. */
    public PullRequestPlan(String headSha, List<UnitPlan> units, List<String> validationErrors) {
        this(headSha, units, validationErrors, List.of());
    }

    /** This plan with its resource- and property-level changes, one per unit. */
    public PullRequestPlan withDetails(List<UnitChanges> details) {
        return new PullRequestPlan(headSha, units, validationErrors, details, basis);
    }

    /** A head commit that does not validate: no plan could be made. */
    public static PullRequestPlan invalid(String headSha, List<Diagnostic> errors) {
        return new PullRequestPlan(headSha, List.of(), errors.stream().filter(Diagnostic::isError).map(Diagnostic::toString).toList());
    }

    public boolean valid() {
        return validationErrors.isEmpty();
    }

    public List<UnitPlan> changing() {
        return units.stream().filter(u -> !u.unchanged()).toList();
    }

    public List<UnitPlan> unchanging() {
        return units.stream().filter(UnitPlan::unchanged).toList();
    }

    public List<UnitPlan> failed() {
        return units.stream().filter(UnitPlan::failed).toList();
    }

    /**
     * One unit's change set, counted. {@code unchanged} is true when its stack would not change at
     * all. {@code note} says what a reader should know beyond the counts (why no change set was
     * made, or why making it failed); {@code failed} is true when no plan could be made for the unit.
     */
    public record UnitPlan(String unitId, String stackName, int adds, int modifies, int removes,
                           List<Replacement> replacements, boolean unchanged, String note, boolean failed) {

        public UnitPlan {
            replacements = List.copyOf(replacements);
        }

        public UnitPlan(String unitId, String stackName, int adds, int modifies, int removes,
                        List<Replacement> replacements, boolean unchanged) {
            this(unitId, stackName, adds, modifies, removes, replacements, unchanged, null, false);
        }

        public static UnitPlan noChange(String unitId, String stackName) {
            return new UnitPlan(unitId, stackName, 0, 0, 0, List.of(), true);
        }

        /** A unit that changes, but whose change set cannot be computed before an upstream unit is applied. */
        public static UnitPlan afterUpstream(String unitId, String stackName, String note) {
            return new UnitPlan(unitId, stackName, 0, 0, 0, List.of(), false, note, false);
        }

        /** A unit for which no plan could be made; {@code reason} says why (AWS's answer, a stuck stack). */
        public static UnitPlan failure(String unitId, String stackName, String reason) {
            return new UnitPlan(unitId, stackName, 0, 0, 0, List.of(), false, reason, true);
        }

        public List<Replacement> statefulReplacements() {
            return replacements.stream().filter(Replacement::stateful).toList();
        }
    }

    /**
     * A resource CloudFormation would delete and create anew. {@code stateful} when that loses
     * data or identity: a bucket's objects, a database, logs, a VPC's or a load balancer's address.
     */
    public record Replacement(String logicalId, String resourceType, boolean stateful) {

        /** Types whose replacement loses data or an address others depend on. */
        public static final Set<String> STATEFUL_TYPES = Set.of(
                "AWS::S3::Bucket",
                "AWS::RDS::DBInstance",
                "AWS::RDS::DBCluster",
                "AWS::DynamoDB::Table",
                "AWS::Logs::LogGroup",
                "AWS::EC2::VPC",
                "AWS::EC2::Subnet",
                "AWS::EC2::EIP",
                "AWS::EC2::Volume",
                "AWS::EFS::FileSystem",
                "AWS::ElastiCache::CacheCluster",
                "AWS::ElastiCache::ReplicationGroup",
                "AWS::ElasticLoadBalancingV2::LoadBalancer",
                "AWS::ElasticLoadBalancing::LoadBalancer",
                "AWS::ECR::Repository",
                "AWS::KMS::Key",
                "AWS::SecretsManager::Secret",
                "AWS::SQS::Queue",
                "AWS::Kinesis::Stream",
                "AWS::Route53::HostedZone");

        /** A replacement whose statefulness follows from its type. */
        public static Replacement of(String logicalId, String resourceType) {
            return new Replacement(logicalId, resourceType, STATEFUL_TYPES.contains(resourceType));
        }
    }
}

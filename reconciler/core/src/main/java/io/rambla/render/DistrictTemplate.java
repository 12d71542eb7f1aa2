package io.rambla.render;

import static io.rambla.render.Cfn.allow;
import static io.rambla.render.Cfn.list;
import static io.rambla.render.Cfn.map;
import static io.rambla.render.Cfn.nameTag;

import io.rambla.schema.District;
import io.rambla.schema.District.NatType;
import java.util.List;

/**
 * Renders a district: the network (a VPC across two availability zones, public and private
 * subnets, NAT, flow logs), the encrypted log bucket, and an ECS cluster whose EC2 capacity lives
 * in the private subnets and is scaled, protected and drained by ECS itself.
 *
 * <p>Every output listed in {@link Outputs} is read by the district's endpoints and apps.
 */
final class DistrictTemplate {

    /** Output keys of a district stack, the contract with endpoint and app stacks. */
    static final class Outputs {
        static final String VPC_ID = "VpcId";
        static final String VPC_CIDR = "VpcCidr";
        static final String PUBLIC_SUBNET_IDS = "PublicSubnetIds";
        static final String PRIVATE_SUBNET_IDS = "PrivateSubnetIds";
        static final String CLUSTER_NAME = "ClusterName";
        static final String CLUSTER_ARN = "ClusterArn";
        static final String CAPACITY_PROVIDER_NAME = "CapacityProviderName";
        static final String INSTANCE_SECURITY_GROUP_ID = "InstanceSecurityGroupId";
        static final String LOG_BUCKET_NAME = "LogBucketName";
        static final String INSTANCE_ROLE_ARN = "InstanceRoleArn";
        static final String AUTO_SCALING_GROUP_NAME = "AutoScalingGroupName";

        private Outputs() {}
    }

    /** The public SSM parameter AWS keeps pointing at the newest ECS-optimized Amazon Linux 2023 AMI. */
    static final String ECS_AMI_PARAMETER = "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id";

    /** Days VPC flow logs are kept: one year, as PCI DSS asks of audit trails. */
    static final int FLOW_LOG_RETENTION_DAYS = 365;

    /** Prefix under which load balancers write access logs into the district bucket. */
    static final String ELB_LOG_PREFIX = "elb";

    private static final int ROOT_VOLUME_GIB = 30;

    private DistrictTemplate() {}

    static Template render(District district) {
        var b = Template.builder("Rambla district " + district.name() + ": network, log bucket and ECS cluster");
        network(b, district);
        nat(b, district);
        flowLogs(b, district);
        logBucket(b, district);
        cluster(b, district);
        return b.build();
    }

    // ---------------------------------------------------------------- network

    private static void network(Template.Builder b, District district) {
        String name = district.name();
        b.resource("Vpc", Template.Resource.of("AWS::EC2::VPC", map(
                "CidrBlock", district.cidrBlock(),
                "EnableDnsHostnames", true,
                "EnableDnsSupport", true,
                "Tags", nameTag(name))));
        b.resource("InternetGateway", Template.Resource.of("AWS::EC2::InternetGateway", map(
                "Tags", nameTag(name))));
        b.resource("VpcGatewayAttachment", Template.Resource.of("AWS::EC2::VPCGatewayAttachment", map(
                "VpcId", Fn.ref("Vpc"),
                "InternetGatewayId", Fn.ref("InternetGateway"))));

        // The first four /20 blocks of the VPC's /16: public and private subnets in each of two
        // zones. Written out rather than computed with Fn::Cidr, so a reader sees every range.
        for (int az = 1; az <= 2; az++) {
            subnet(b, name, "Public", az, subnetCidr(district.cidrBlock(), az - 1));
            subnet(b, name, "Private", az, subnetCidr(district.cidrBlock(), az + 1));
        }

        b.resource("PublicRouteTable", Template.Resource.of("AWS::EC2::RouteTable", map(
                "VpcId", Fn.ref("Vpc"),
                "Tags", nameTag(name + "-public"))));
        b.resource("PublicDefaultRoute", Template.Resource.of("AWS::EC2::Route", map(
                "RouteTableId", Fn.ref("PublicRouteTable"),
                "DestinationCidrBlock", "0.0.0.0/0",
                "GatewayId", Fn.ref("InternetGateway"))).dependingOn("VpcGatewayAttachment"));
        for (int az = 1; az <= 2; az++) {
            b.resource("PublicSubnet" + az + "RouteTableAssociation", Template.Resource.of(
                    "AWS::EC2::SubnetRouteTableAssociation", map(
                            "SubnetId", Fn.ref("PublicSubnet" + az),
                            "RouteTableId", Fn.ref("PublicRouteTable"))));
            b.resource("PrivateRouteTable" + az, Template.Resource.of("AWS::EC2::RouteTable", map(
                    "VpcId", Fn.ref("Vpc"),
                    "Tags", nameTag(name + "-private-" + az))));
            b.resource("PrivateSubnet" + az + "RouteTableAssociation", Template.Resource.of(
                    "AWS::EC2::SubnetRouteTableAssociation", map(
                            "SubnetId", Fn.ref("PrivateSubnet" + az),
                            "RouteTableId", Fn.ref("PrivateRouteTable" + az))));
        }

        b.output(Outputs.VPC_ID, "The district's VPC", Fn.ref("Vpc"));
        b.output(Outputs.VPC_CIDR, "The VPC's address range, for security groups that admit the whole district",
                Fn.getAtt("Vpc", "CidrBlock"));
        b.output(Outputs.PUBLIC_SUBNET_IDS, "Public subnets, one per availability zone, comma-separated",
                Fn.join(",", Fn.ref("PublicSubnet1"), Fn.ref("PublicSubnet2")));
        b.output(Outputs.PRIVATE_SUBNET_IDS, "Private subnets, one per availability zone, comma-separated",
                Fn.join(",", Fn.ref("PrivateSubnet1"), Fn.ref("PrivateSubnet2")));
    }

    /** The {@code index}th /20 block of a /16 such as {@code 10.10.0.0/16}: 10.10.0.0/20, 10.10.16.0/20, ... */
    static String subnetCidr(String vpcCidr, int index) {
        String[] octets = vpcCidr.substring(0, vpcCidr.indexOf('/')).split("\\.");
        if (!vpcCidr.endsWith("/16") || octets.length != 4 || index < 0 || index > 15) {
            throw new IllegalArgumentException("expected a /16 block and an index 0..15, got " + vpcCidr + " and " + index);
        }
        return octets[0] + "." + octets[1] + "." + (index * 16) + ".0/20";
    }

    private static void subnet(Template.Builder b, String district, String kind, int az, Object cidr) {
        b.resource(kind + "Subnet" + az, Template.Resource.of("AWS::EC2::Subnet", map(
                "VpcId", Fn.ref("Vpc"),
                "AvailabilityZone", Fn.select(az - 1, Fn.azs()),
                "CidrBlock", cidr,
                // Nothing gets a public address by accident: load balancers get theirs from ELB.
                "MapPublicIpOnLaunch", false,
                "Tags", nameTag(district + "-" + kind.toLowerCase() + "-" + az))));
    }

    /**
     * NAT for the private subnets. {@code managed_gateway_multi_az} puts a NAT gateway in each
     * zone, so one zone's failure leaves the other's egress working; {@code managed_gateway} and
     * {@code instance} share one NAT gateway in the first zone ({@code instance} is rendered as a
     * managed gateway: a NAT instance would need patching and replacement that Rambla leaves to AWS).
     * {@code none} (a Rambla extension) gives the private subnets no internet route at all.
     */
    private static void nat(Template.Builder b, District district) {
        if (district.natType() == NatType.NONE) {
            // No route to the internet from the private subnets; S3 stays reachable through a
            // gateway endpoint, which costs nothing.
            b.resource("S3GatewayEndpoint", Template.Resource.of("AWS::EC2::VPCEndpoint", map(
                    "VpcId", Fn.ref("Vpc"),
                    "ServiceName", Fn.sub("com.amazonaws.${AWS::Region}.s3"),
                    "VpcEndpointType", "Gateway",
                    "RouteTableIds", java.util.List.of(Fn.ref("PrivateRouteTable1"), Fn.ref("PrivateRouteTable2")))));
            return;
        }
        int gateways = district.natType() == NatType.MANAGED_GATEWAY_MULTI_AZ ? 2 : 1;
        for (int az = 1; az <= gateways; az++) {
            b.resource("NatEip" + az, Template.Resource.of("AWS::EC2::EIP", map(
                    "Domain", "vpc",
                    "Tags", nameTag(district.name() + "-nat-" + az))).dependingOn("VpcGatewayAttachment"));
            b.resource("NatGateway" + az, Template.Resource.of("AWS::EC2::NatGateway", map(
                    "AllocationId", Fn.getAtt("NatEip" + az, "AllocationId"),
                    "SubnetId", Fn.ref("PublicSubnet" + az),
                    "Tags", nameTag(district.name() + "-" + az))));
        }
        for (int az = 1; az <= 2; az++) {
            b.resource("PrivateDefaultRoute" + az, Template.Resource.of("AWS::EC2::Route", map(
                    "RouteTableId", Fn.ref("PrivateRouteTable" + az),
                    "DestinationCidrBlock", "0.0.0.0/0",
                    "NatGatewayId", Fn.ref("NatGateway" + Math.min(az, gateways)))));
        }
    }

    private static void flowLogs(Template.Builder b, District district) {
        b.resource("FlowLogGroup", Template.Resource.of("AWS::Logs::LogGroup", map(
                "RetentionInDays", FLOW_LOG_RETENTION_DAYS)).retained());
        b.resource("FlowLogRole", Template.Resource.of("AWS::IAM::Role", map(
                "AssumeRolePolicyDocument", Cfn.assumedByFromThisAccount("vpc-flow-logs.amazonaws.com"),
                "PermissionsBoundary", Cfn.permissionsBoundary(),
                "Policies", list(Cfn.inlinePolicy("write-flow-logs", list(
                        allow(List.of("logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"),
                                Fn.getAtt("FlowLogGroup", "Arn"))))))));
        b.resource("FlowLog", Template.Resource.of("AWS::EC2::FlowLog", map(
                "ResourceId", Fn.ref("Vpc"),
                "ResourceType", "VPC",
                "TrafficType", "ALL",
                "LogDestinationType", "cloud-watch-logs",
                "LogGroupName", Fn.ref("FlowLogGroup"),
                "DeliverLogsPermissionArn", Fn.getAtt("FlowLogRole", "Arn"),
                "Tags", nameTag(district.name()))));
    }

    // ---------------------------------------------------------------- log bucket

    private static void logBucket(Template.Builder b, District district) {
        b.resource("LogBucket", Template.Resource.of("AWS::S3::Bucket", map(
                // ELB access logs can only be written to SSE-S3 encrypted buckets.
                "BucketEncryption", map("ServerSideEncryptionConfiguration", list(map(
                        "ServerSideEncryptionByDefault", map("SSEAlgorithm", "AES256")))),
                "PublicAccessBlockConfiguration", map(
                        "BlockPublicAcls", true,
                        "BlockPublicPolicy", true,
                        "IgnorePublicAcls", true,
                        "RestrictPublicBuckets", true),
                "OwnershipControls", map("Rules", list(map("ObjectOwnership", "BucketOwnerEnforced"))),
                "VersioningConfiguration", map("Status", "Enabled"),
                "LifecycleConfiguration", map("Rules", list(map(
                        "Id", "expire-old-versions",
                        "Status", "Enabled",
                        "NoncurrentVersionExpiration", map("NoncurrentDays", 365),
                        "AbortIncompleteMultipartUpload", map("DaysAfterInitiation", 7)))),
                "Tags", nameTag(district.name() + "-logs"))).retained());

        Object bucketArn = Fn.getAtt("LogBucket", "Arn");
        Object objects = Fn.join("", bucketArn, "/*");
        // Load balancers write to <prefix>/AWSLogs/<account>/...; each endpoint's prefix is under ELB_LOG_PREFIX.
        Object elbLogObjects = Fn.join("", bucketArn, "/" + ELB_LOG_PREFIX + "/*/AWSLogs/", Fn.ACCOUNT_ID, "/*");
        List<Object> statements = list(
                map("Sid", "DenyInsecureTransport",
                        "Effect", "Deny",
                        "Principal", "*",
                        "Action", "s3:*",
                        "Resource", list(bucketArn, objects),
                        "Condition", map("Bool", map("aws:SecureTransport", "false"))),
                map("Sid", "AllowElbAccessLogs",
                        "Effect", "Allow",
                        "Principal", map("Service", "logdelivery.elasticloadbalancing.amazonaws.com"),
                        "Action", "s3:PutObject",
                        "Resource", elbLogObjects));
        String legacyElbAccount = ElbLogAccounts.forRegion(district.region());
        if (legacyElbAccount != null) {
            // Regions older than August 2022 deliver ELB logs from a regional AWS account instead.
            statements.add(map("Sid", "AllowElbAccessLogsLegacyRegion",
                    "Effect", "Allow",
                    "Principal", map("AWS", Fn.sub("arn:${AWS::Partition}:iam::" + legacyElbAccount + ":root")),
                    "Action", "s3:PutObject",
                    "Resource", elbLogObjects));
        }
        b.resource("LogBucketPolicy", Template.Resource.of("AWS::S3::BucketPolicy", map(
                "Bucket", Fn.ref("LogBucket"),
                "PolicyDocument", map("Version", "2012-10-17", "Statement", statements))));
        b.output(Outputs.LOG_BUCKET_NAME, "Encrypted, versioned bucket for load balancer access logs",
                Fn.ref("LogBucket"));
    }

    // ---------------------------------------------------------------- cluster

    private static void cluster(Template.Builder b, District district) {
        b.parameter("EcsAmiId", new Template.Parameter("AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>",
                "ECS-optimized Amazon Linux 2023 AMI, resolved from AWS's public SSM parameter at every update",
                ECS_AMI_PARAMETER, List.of()));

        b.resource("Cluster", Template.Resource.of("AWS::ECS::Cluster", map(
                "ClusterName", Fn.STACK_NAME,
                "ClusterSettings", list(map("Name", "containerInsights", "Value", "enabled")))));

        b.resource("InstanceSecurityGroup", Template.Resource.of("AWS::EC2::SecurityGroup", map(
                "GroupDescription", "ECS container instances of district " + district.name() + ": no inbound traffic",
                "VpcId", Fn.ref("Vpc"),
                "SecurityGroupEgress", list(map(
                        "Description", "Outbound to ECS, ECR, SSM and the internet through NAT",
                        "IpProtocol", "-1",
                        "CidrIp", "0.0.0.0/0")),
                "Tags", nameTag(district.name() + "-instances"))));

        b.resource("InstanceRole", Template.Resource.of("AWS::IAM::Role", map(
                "AssumeRolePolicyDocument", Cfn.assumedBy("ec2.amazonaws.com"),
                "PermissionsBoundary", Cfn.permissionsBoundary(),
                "ManagedPolicyArns", list(
                        Cfn.managedPolicy("service-role/AmazonEC2ContainerServiceforEC2Role"),
                        Cfn.managedPolicy("AmazonSSMManagedInstanceCore")))));
        b.resource("InstanceProfile", Template.Resource.of("AWS::IAM::InstanceProfile", map(
                "Roles", list(Fn.ref("InstanceRole")))));

        String userData = "#!/bin/bash\n"
                + "cat >> /etc/ecs/ecs.config <<'EOF'\n"
                + "ECS_CLUSTER=${Cluster}\n"
                + "ECS_ENABLE_CONTAINER_METADATA=true\n"
                + "EOF\n";
        b.resource("LaunchTemplate", Template.Resource.of("AWS::EC2::LaunchTemplate", map(
                "LaunchTemplateData", map(
                        "ImageId", Fn.ref("EcsAmiId"),
                        "InstanceType", district.clusterInstanceType(),
                        "IamInstanceProfile", map("Arn", Fn.getAtt("InstanceProfile", "Arn")),
                        "MetadataOptions", map(
                                "HttpEndpoint", "enabled",
                                "HttpTokens", "required",
                                "HttpPutResponseHopLimit", 1),
                        "BlockDeviceMappings", list(map(
                                "DeviceName", "/dev/xvda",
                                "Ebs", map(
                                        "Encrypted", true,
                                        "VolumeSize", ROOT_VOLUME_GIB,
                                        "VolumeType", "gp3",
                                        "DeleteOnTermination", true))),
                        "NetworkInterfaces", list(map(
                                "DeviceIndex", 0,
                                "AssociatePublicIpAddress", false,
                                "Groups", list(Fn.ref("InstanceSecurityGroup")))),
                        "Monitoring", map("Enabled", true),
                        "UserData", Fn.base64(Fn.sub(userData)),
                        "TagSpecifications", list(
                                map("ResourceType", "instance", "Tags", nameTag(district.name() + "-ecs")),
                                map("ResourceType", "volume", "Tags", nameTag(district.name() + "-ecs")))))));

        int min = district.clusterSize();
        int max = Math.max(district.clusterSize() * 2, district.clusterSize() + 1);
        // Instances must find their way out (to ECS and the image registry) before they start.
        String[] egress = district.natType() == NatType.NONE
                ? new String[] {"S3GatewayEndpoint"}
                : new String[] {"PrivateDefaultRoute1", "PrivateDefaultRoute2"};
        b.resource("AutoScalingGroup", Template.Resource.of("AWS::AutoScaling::AutoScalingGroup", map(
                "VPCZoneIdentifier", list(Fn.ref("PrivateSubnet1"), Fn.ref("PrivateSubnet2")),
                "LaunchTemplate", map(
                        "LaunchTemplateId", Fn.ref("LaunchTemplate"),
                        "Version", Fn.getAtt("LaunchTemplate", "LatestVersionNumber")),
                "MinSize", String.valueOf(min),
                "MaxSize", String.valueOf(max),
                // Required by managed termination protection: ECS, not Auto Scaling, picks instances to remove.
                "NewInstancesProtectedFromScaleIn", true,
                "HealthCheckType", "EC2",
                "Tags", list(map("Key", "Name", "Value", district.name() + "-ecs", "PropagateAtLaunch", true))))
                .dependingOn(egress)
                .withUpdatePolicy(map("AutoScalingRollingUpdate", map(
                        "MinInstancesInService", min,
                        "MaxBatchSize", 1,
                        "PauseTime", "PT3M"))));

        b.resource("CapacityProvider", Template.Resource.of("AWS::ECS::CapacityProvider", map(
                "AutoScalingGroupProvider", map(
                        "AutoScalingGroupArn", Fn.ref("AutoScalingGroup"),
                        "ManagedScaling", map("Status", "ENABLED", "TargetCapacity", 100),
                        "ManagedTerminationProtection", "ENABLED",
                        "ManagedDraining", "ENABLED"))));

        List<Object> providers = list(Fn.ref("CapacityProvider"));
        if (district.fargate()) {
            providers.add("FARGATE");
            providers.add("FARGATE_SPOT");
        }
        b.resource("ClusterCapacityProviderAssociations", Template.Resource.of(
                "AWS::ECS::ClusterCapacityProviderAssociations", map(
                        "Cluster", Fn.ref("Cluster"),
                        "CapacityProviders", providers,
                        "DefaultCapacityProviderStrategy", list(map(
                                "CapacityProvider", Fn.ref("CapacityProvider"),
                                "Weight", 1)))));

        b.output(Outputs.CLUSTER_NAME, "The ECS cluster", Fn.ref("Cluster"));
        // Composed from the cluster's name (its Ref): the ARN AWS reports, and well-formed even where an
        // emulator stands in for ECS and reports no attributes.
        b.output(Outputs.CLUSTER_ARN, "The ECS cluster's ARN, the target of scheduled tasks",
                Fn.sub("arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:cluster/${Cluster}"));
        b.output(Outputs.CAPACITY_PROVIDER_NAME, "The EC2 capacity provider services run on", Fn.ref("CapacityProvider"));
        b.output(Outputs.INSTANCE_SECURITY_GROUP_ID, "Security group of the container instances",
                Fn.getAtt("InstanceSecurityGroup", "GroupId"));
        b.output(Outputs.INSTANCE_ROLE_ARN, "Role of the container instances", Fn.getAtt("InstanceRole", "Arn"));
        b.output(Outputs.AUTO_SCALING_GROUP_NAME, "Auto Scaling group of the container instances",
                Fn.ref("AutoScalingGroup"));
    }
}

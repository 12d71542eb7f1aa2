package io.rambla.render;

import static io.rambla.render.Cfn.list;
import static io.rambla.render.Cfn.map;
import static io.rambla.render.Cfn.nameTag;

import io.rambla.schema.District;
import io.rambla.schema.Endpoint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders an endpoint: an Application Load Balancer in its district's public or private
 * subnets, with its own security group, access logs in the district bucket, and listeners whose
 * default answer is a 404 until apps add rules.
 */
final class EndpointTemplate {

    /** Output keys of an endpoint stack, read by app stacks. */
    static final class Outputs {
        /** The listener apps attach their rules to: HTTPS when a certificate is given, else HTTP. */
        static final String LISTENER_ARN = "ListenerArn";
        static final String HTTP_LISTENER_ARN = "HttpListenerArn";
        static final String HTTPS_LISTENER_ARN = "HttpsListenerArn";
        static final String LOAD_BALANCER_ARN = "LoadBalancerArn";
        static final String LOAD_BALANCER_DNS_NAME = "LoadBalancerDnsName";
        static final String LOAD_BALANCER_HOSTED_ZONE_ID = "LoadBalancerCanonicalHostedZoneId";
        static final String LOAD_BALANCER_SECURITY_GROUP_ID = "LoadBalancerSecurityGroupId";

        private Outputs() {}
    }

    /** Template parameter name → the district output it is filled from. */
    static Map<String, String> districtInputs(Endpoint endpoint) {
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("VpcId", DistrictTemplate.Outputs.VPC_ID);
        inputs.put("VpcCidr", DistrictTemplate.Outputs.VPC_CIDR);
        inputs.put("SubnetIds", endpoint.isPublic()
                ? DistrictTemplate.Outputs.PUBLIC_SUBNET_IDS
                : DistrictTemplate.Outputs.PRIVATE_SUBNET_IDS);
        inputs.put("LogBucketName", DistrictTemplate.Outputs.LOG_BUCKET_NAME);
        return inputs;
    }

    /**
     * Barcelona's three TLS levels mapped to current ELB policies, all with TLS 1.3 and hybrid
     * post-quantum key exchange: {@code old} keeps TLS 1.2 with extra CBC ciphers for old clients,
     * {@code intermediate} is AWS's recommended TLS 1.2+1.3 policy, {@code modern} is TLS 1.3 only.
     */
    static String sslPolicyName(Endpoint.SslPolicy policy) {
        return switch (policy == null ? Endpoint.SslPolicy.INTERMEDIATE : policy) {
            case OLD -> "ELBSecurityPolicy-TLS13-1-2-Ext1-PQ-2025-09";
            case INTERMEDIATE -> "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09";
            case MODERN -> "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09";
        };
    }

    private EndpointTemplate() {}

    static Template render(District district, Endpoint endpoint) {
        boolean https = endpoint.certificateArn() != null && !endpoint.certificateArn().isBlank();
        String label = district.name() + "/" + endpoint.name();
        var b = Template.builder("Rambla endpoint " + label + ": "
                + (endpoint.isPublic() ? "internet-facing" : "internal") + " application load balancer");

        b.parameter("VpcId", Template.Parameter.of("AWS::EC2::VPC::Id", "The district's VPC"));
        b.parameter("VpcCidr", Template.Parameter.string("The district VPC's address range"));
        b.parameter("SubnetIds", Template.Parameter.of("List<AWS::EC2::Subnet::Id>",
                endpoint.isPublic() ? "The district's public subnets" : "The district's private subnets"));
        b.parameter("LogBucketName", Template.Parameter.string("The district's log bucket, for access logs"));

        Object source = endpoint.isPublic() ? "0.0.0.0/0" : Fn.ref("VpcCidr");
        String from = endpoint.isPublic() ? "the internet" : "the district's VPC";
        List<Object> ingress = list(map(
                "Description", "HTTP from " + from,
                "IpProtocol", "tcp", "FromPort", 80, "ToPort", 80, "CidrIp", source));
        if (https) {
            ingress.add(map(
                    "Description", "HTTPS from " + from,
                    "IpProtocol", "tcp", "FromPort", 443, "ToPort", 443, "CidrIp", source));
        }
        b.resource("LoadBalancerSecurityGroup", Template.Resource.of("AWS::EC2::SecurityGroup", map(
                "GroupDescription", "Load balancer of endpoint " + label,
                "VpcId", Fn.ref("VpcId"),
                "SecurityGroupIngress", ingress,
                // Load balancers only ever talk to tasks inside the district.
                "SecurityGroupEgress", list(map(
                        "Description", "To tasks in the district's VPC",
                        "IpProtocol", "tcp", "FromPort", 0, "ToPort", 65535, "CidrIp", Fn.ref("VpcCidr"))),
                "Tags", nameTag(district.name() + "-" + endpoint.name() + "-lb"))));

        b.resource("LoadBalancer", Template.Resource.of("AWS::ElasticLoadBalancingV2::LoadBalancer", map(
                "Type", "application",
                "Scheme", endpoint.isPublic() ? "internet-facing" : "internal",
                "Subnets", Fn.ref("SubnetIds"),
                "SecurityGroups", list(Fn.ref("LoadBalancerSecurityGroup")),
                "LoadBalancerAttributes", list(
                        map("Key", "access_logs.s3.enabled", "Value", "true"),
                        map("Key", "access_logs.s3.bucket", "Value", Fn.ref("LogBucketName")),
                        map("Key", "access_logs.s3.prefix", "Value",
                                DistrictTemplate.ELB_LOG_PREFIX + "/" + endpoint.name()),
                        map("Key", "routing.http.drop_invalid_header_fields.enabled", "Value", "true"),
                        // AWS refuses to delete a protected load balancer: removing an endpoint takes
                        // `deletion_protection: false` first, so a slip in git cannot drop live traffic.
                        map("Key", "deletion_protection.enabled", "Value", String.valueOf(endpoint.deletionProtection()))),
                "Tags", nameTag(district.name() + "-" + endpoint.name()))));

        Object notFound = list(map("Type", "fixed-response", "FixedResponseConfig", map(
                "StatusCode", "404",
                "ContentType", "text/plain",
                "MessageBody", "Not Found")));
        Object httpDefault = https
                ? list(map("Type", "redirect", "RedirectConfig", map(
                        "Protocol", "HTTPS", "Port", "443", "StatusCode", "HTTP_301")))
                : notFound;
        b.resource("HttpListener", Template.Resource.of("AWS::ElasticLoadBalancingV2::Listener", map(
                "LoadBalancerArn", Fn.ref("LoadBalancer"),
                "Port", 80,
                "Protocol", "HTTP",
                "DefaultActions", httpDefault)));
        if (https) {
            b.resource("HttpsListener", Template.Resource.of("AWS::ElasticLoadBalancingV2::Listener", map(
                    "LoadBalancerArn", Fn.ref("LoadBalancer"),
                    "Port", 443,
                    "Protocol", "HTTPS",
                    "Certificates", list(map("CertificateArn", endpoint.certificateArn())),
                    "SslPolicy", sslPolicyName(endpoint.sslPolicy()),
                    "DefaultActions", notFound)));
        }

        b.output(Outputs.LISTENER_ARN, "The listener apps add their rules to",
                Fn.ref(https ? "HttpsListener" : "HttpListener"));
        b.output(Outputs.HTTP_LISTENER_ARN,
                https ? "Port 80: redirects to HTTPS" : "Port 80: routes to services", Fn.ref("HttpListener"));
        if (https) {
            b.output(Outputs.HTTPS_LISTENER_ARN, "Port 443: routes to services", Fn.ref("HttpsListener"));
        }
        b.output(Outputs.LOAD_BALANCER_ARN, "The load balancer", Fn.ref("LoadBalancer"));
        b.output(Outputs.LOAD_BALANCER_DNS_NAME, "Point DNS records here", Fn.getAtt("LoadBalancer", "DNSName"));
        b.output(Outputs.LOAD_BALANCER_HOSTED_ZONE_ID, "For Route 53 alias records",
                Fn.getAtt("LoadBalancer", "CanonicalHostedZoneID"));
        b.output(Outputs.LOAD_BALANCER_SECURITY_GROUP_ID, "Tasks admit traffic from this security group",
                Fn.getAtt("LoadBalancerSecurityGroup", "GroupId"));
        return b.build();
    }
}

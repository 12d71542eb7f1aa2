package io.rambla.render;

import io.rambla.schema.District;
import java.util.List;
import java.util.Map;

/** Renders a district's network: a VPC across two availability zones with public and private subnets. */
final class DistrictTemplate {

    private DistrictTemplate() {}

    static Template render(District district) {
        var builder = Template.builder("Rambla district " + district.name() + ": network and cluster");
        builder.resource("Vpc", Template.Resource.of("AWS::EC2::VPC", Map.of(
                "CidrBlock", district.cidrBlock(),
                "EnableDnsHostnames", true,
                "EnableDnsSupport", true,
                "Tags", nameTags(district.name()))));
        // Four /20 blocks: public and private subnets in each of two availability zones.
        var subnetCidrs = Fn.cidr(Fn.getAtt("Vpc", "CidrBlock"), 4, 12);
        String[][] subnets = {
            {"PublicSubnet1", "0", "0", "public"}, {"PublicSubnet2", "1", "1", "public"},
            {"PrivateSubnet1", "0", "2", "private"}, {"PrivateSubnet2", "1", "3", "private"}};
        for (String[] s : subnets) {
            int az = Integer.parseInt(s[1]);
            builder.resource(s[0], Template.Resource.of("AWS::EC2::Subnet", Map.of(
                    "VpcId", Fn.ref("Vpc"),
                    "AvailabilityZone", Fn.select(az, Fn.azs()),
                    "CidrBlock", Fn.select(Integer.parseInt(s[2]), subnetCidrs),
                    "MapPublicIpOnLaunch", false,
                    "Tags", nameTags(district.name() + "-" + s[3] + "-" + (az + 1)))));
        }
        builder.output("VpcId", "The district's VPC", Fn.ref("Vpc"));
        builder.output("PublicSubnetIds", "Public subnets, one per availability zone",
                Fn.join(",", Fn.ref("PublicSubnet1"), Fn.ref("PublicSubnet2")));
        builder.output("PrivateSubnetIds", "Private subnets, one per availability zone",
                Fn.join(",", Fn.ref("PrivateSubnet1"), Fn.ref("PrivateSubnet2")));
        return builder.build();
    }

    private static List<Map<String, Object>> nameTags(String name) {
        return List.of(Map.of("Key", "Name", "Value", name));
    }
}

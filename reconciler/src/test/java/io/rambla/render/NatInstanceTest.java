package io.rambla.render;

import static io.rambla.render.ModelFixtures.district;
import static io.rambla.render.ModelFixtures.repository;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rambla.schema.District;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code nat_type: instance}, Barcelona's default: a real NAT instance, not a NAT gateway. */
class NatInstanceTest {

    private static JsonNode render(District.NatType nat) {
        return Rendered.template(repository(List.of(district("main").nat(nat).build())), "district/main");
    }

    private final JsonNode template = render(District.NatType.INSTANCE);

    @Test
    void no_nat_gateway_is_rendered_and_both_private_routes_lead_to_the_fixed_interface() {
        assertThat(Rendered.resourcesOfType(template, "AWS::EC2::NatGateway")).isEmpty();
        for (int az = 1; az <= 2; az++) {
            JsonNode route = template.at("/Resources/PrivateDefaultRoute" + az + "/Properties");
            assertThat(route.at("/NetworkInterfaceId/Ref").asText()).isEqualTo("NatNetworkInterface");
            assertThat(route.at("/DestinationCidrBlock").asText()).isEqualTo("0.0.0.0/0");
            assertThat(route.has("NatGatewayId")).isFalse();
        }
    }

    @Test
    void the_fixed_interface_forwards_others_packets_from_the_first_public_subnet() {
        JsonNode eni = template.at("/Resources/NatNetworkInterface/Properties");
        assertThat(eni.at("/SourceDestCheck").isBoolean()).isTrue();
        assertThat(eni.at("/SourceDestCheck").asBoolean()).isFalse();
        assertThat(eni.at("/SubnetId/Ref").asText()).isEqualTo("PublicSubnet1");
    }

    @Test
    void one_instance_heals_in_an_auto_scaling_group_in_the_interfaces_zone() {
        JsonNode group = template.at("/Resources/NatAutoScalingGroup");
        assertThat(group.at("/Properties/MinSize").asText()).isEqualTo("1");
        assertThat(group.at("/Properties/MaxSize").asText()).isEqualTo("1");
        assertThat(group.at("/Properties/VPCZoneIdentifier").findValuesAsText("Ref")).containsExactly("PublicSubnet1");
        assertThat(group.at("/UpdatePolicy/AutoScalingRollingUpdate/MinInstancesInService").asInt()).isZero();
    }

    @Test
    void the_instance_runs_current_amazon_linux_2023_with_imdsv2_and_an_encrypted_disk() {
        assertThat(template.at("/Parameters/NatAmiId/Default").asText())
                .isEqualTo("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64");
        JsonNode data = template.at("/Resources/NatLaunchTemplate/Properties/LaunchTemplateData");
        assertThat(data.at("/ImageId/Ref").asText()).isEqualTo("NatAmiId");
        assertThat(data.at("/MetadataOptions/HttpTokens").asText()).isEqualTo("required");
        assertThat(data.at("/MetadataOptions/HttpPutResponseHopLimit").asInt()).isEqualTo(1);
        assertThat(data.at("/BlockDeviceMappings/0/Ebs/Encrypted").asBoolean()).isTrue();
        assertThat(data.has("KeyName")).as("no SSH key: Session Manager only").isFalse();
    }

    @Test
    void at_boot_it_forwards_masquerades_drops_the_source_check_takes_the_address_and_attaches_the_interface() {
        String script = template.at("/Resources/NatLaunchTemplate/Properties/LaunchTemplateData/UserData/Fn::Base64/Fn::Sub").asText();
        assertThat(script).startsWith("#!/bin/bash\n")
                .contains("net.ipv4.ip_forward = 1")
                .contains("-j MASQUERADE")
                .contains("--no-source-dest-check")
                .contains("associate-address --allocation-id ${NatEip1.AllocationId}")
                .contains("attach-network-interface --instance-id \"$instance\" --device-index 1 --network-interface-id ${NatNetworkInterface}");
        // Fn::Sub would read a shell variable written as ${name} as a template reference.
        assertThat(script.replaceAll("\\$\\{(AWS::Region|NatEip1\\.AllocationId|NatNetworkInterface)}", ""))
                .doesNotContain("${");
    }

    @Test
    void the_instance_may_attach_only_the_districts_interface_and_address() {
        JsonNode statements = template.at("/Resources/NatInstanceRole/Properties/Policies/0/PolicyDocument/Statement");
        assertThat(statements).hasSize(3);
        for (JsonNode statement : statements) {
            assertThat(statement.get("Effect").asText()).isEqualTo("Allow");
            assertThat(statement.get("Resource").toString()).doesNotContain("\"*\"");
            for (JsonNode action : statement.get("Action")) {
                assertThat(action.asText()).isIn("ec2:AttachNetworkInterface", "ec2:ModifyNetworkInterfaceAttribute",
                        "ec2:AssociateAddress");
            }
        }
        assertThat(statements.get(0).get("Resource").toString()).contains("network-interface/${NatNetworkInterface}");
    }

    @Test
    void the_cluster_waits_for_its_way_out_and_managed_gateways_stay_gateways() {
        assertThat(template.at("/Resources/AutoScalingGroup/DependsOn").toString())
                .contains("PrivateDefaultRoute1", "PrivateDefaultRoute2");
        JsonNode gateway = render(District.NatType.MANAGED_GATEWAY);
        assertThat(Rendered.resourcesOfType(gateway, "AWS::EC2::NatGateway")).hasSize(1);
        assertThat(gateway.at("/Resources").has("NatAutoScalingGroup")).isFalse();
        assertThat(gateway.at("/Resources/PrivateDefaultRoute2/Properties/NatGatewayId/Ref").asText()).isEqualTo("NatGateway1");
    }
}

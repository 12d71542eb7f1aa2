package io.rambla.render;

import static io.rambla.render.ModelFixtures.district;
import static io.rambla.render.ModelFixtures.repository;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.rambla.schema.District;
import java.util.List;
import org.junit.jupiter.api.Test;

class DistrictNetworkTest {

    @Test
    void subnetsAreTheFirstFourTwentyBlocksOfTheDistrictRangeWrittenOut() {
        JsonNode t = Rendered.template(repository(List.of(district("main").cidr("10.42.0.0/16").build())), "district/main");
        assertThat(t.at("/Resources/PublicSubnet1/Properties/CidrBlock").asText()).isEqualTo("10.42.0.0/20");
        assertThat(t.at("/Resources/PublicSubnet2/Properties/CidrBlock").asText()).isEqualTo("10.42.16.0/20");
        assertThat(t.at("/Resources/PrivateSubnet1/Properties/CidrBlock").asText()).isEqualTo("10.42.32.0/20");
        assertThat(t.at("/Resources/PrivateSubnet2/Properties/CidrBlock").asText()).isEqualTo("10.42.48.0/20");
    }

    @Test
    void aRangeThatIsNotSlashSixteenIsRefused() {
        assertThatThrownBy(() -> DistrictTemplate.subnetCidr("10.42.0.0/20", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withoutNatThePrivateSubnetsHaveNoInternetRouteButReachS3() {
        JsonNode t = Rendered.template(repository(List.of(district("main").nat(District.NatType.NONE).build())), "district/main");
        var types = new java.util.ArrayList<String>();
        t.get("Resources").forEach(r -> types.add(r.get("Type").asText()));
        assertThat(types).doesNotContain("AWS::EC2::NatGateway", "AWS::EC2::EIP");
        assertThat(t.at("/Resources/PrivateDefaultRoute1").isMissingNode()).isTrue();
        assertThat(t.at("/Resources/S3GatewayEndpoint/Properties/VpcEndpointType").asText()).isEqualTo("Gateway");
    }
}

package io.rambla.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CidrTest {

    @Test
    void the_default_range_is_a_stable_slash_16_in_ten_slash_8() {
        assertThat(Cidr.defaultFor("production")).isEqualTo(Cidr.defaultFor("production")).matches("10\\.\\d{1,3}\\.0\\.0/16");
    }

    @Test
    void the_second_octet_of_the_default_range_stays_between_1_and_254() {
        IntStream.range(0, 2000).mapToObj(i -> Cidr.defaultFor("district-" + i)).forEach(cidr -> {
            int octet = Integer.parseInt(cidr.split("\\.")[1]);
            assertThat(octet).isBetween(1, 254);
        });
    }

    @Test
    void different_names_usually_get_different_ranges() {
        assertThat(Cidr.defaultFor("production")).isNotEqualTo(Cidr.defaultFor("staging"));
    }

    @Test
    void a_slash_16_without_host_bits_is_accepted() {
        assertThat(Cidr.problemWith("172.16.0.0/16")).isEmpty();
    }

    @Test
    void other_prefixes_host_bits_and_malformed_ranges_are_refused_with_a_suggestion() {
        assertThat(Cidr.problemWith("10.1.0.0/24")).hasValueSatisfying(m -> assertThat(m).contains("must be a /16", "10.1.0.0/16"));
        assertThat(Cidr.problemWith("10.1.2.0/16")).hasValueSatisfying(m -> assertThat(m).contains("host bits", "10.1.0.0/16"));
        assertThat(Cidr.problemWith("10.300.0.0/16")).hasValueSatisfying(m -> assertThat(m).contains("above 255"));
        assertThat(Cidr.problemWith("ten")).hasValueSatisfying(m -> assertThat(m).contains("IPv4 range"));
    }
}

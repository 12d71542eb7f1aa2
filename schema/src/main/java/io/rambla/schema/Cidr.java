package io.rambla.schema;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/** The VPC address range of a district: always a /16, so it splits into the district's four /20 subnets. */
public final class Cidr {

    private static final Pattern IPV4_CIDR = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

    private Cidr() {}

    /**
     * The default range of a district: {@code 10.X.0.0/16} with X = 1 + (CRC-32 of the UTF-8 name mod 254).
     * Stable across runs and machines, so a district keeps its range; two districts that are to be
     * peered should still set {@code cidr_block} explicitly, since different names may share an X.
     */
    public static String defaultFor(String districtName) {
        CRC32 crc = new CRC32();
        crc.update(districtName.getBytes(StandardCharsets.UTF_8));
        return "10." + (1 + crc.getValue() % 254) + ".0.0/16";
    }

    /** Why {@code text} is not an acceptable district range, or empty when it is. */
    static Optional<String> problemWith(String text) {
        Matcher m = IPV4_CIDR.matcher(text);
        if (!m.matches()) {
            return Optional.of("`cidr_block` must be an IPv4 range such as 10.1.0.0/16, found \"" + text + "\"");
        }
        int[] octets = new int[4];
        for (int i = 0; i < 4; i++) {
            octets[i] = Integer.parseInt(m.group(i + 1));
            if (octets[i] > 255) {
                return Optional.of("`cidr_block` has an octet above 255: \"" + text + "\"");
            }
        }
        int prefix = Integer.parseInt(m.group(5));
        String suggestion = octets[0] + "." + octets[1] + ".0.0/16";
        if (prefix != 16) {
            return Optional.of("`cidr_block` must be a /16 (the district is split into four /20 subnets), found /"
                    + prefix + " — did you mean " + suggestion + "?");
        }
        if (octets[2] != 0 || octets[3] != 0) {
            return Optional.of("`cidr_block` has host bits set: \"" + text + "\" — did you mean " + suggestion + "?");
        }
        return Optional.empty();
    }
}

package io.rambla.render;

import java.util.Map;

/**
 * The AWS accounts from which Elastic Load Balancing writes access logs in regions that opened
 * before August 2022. Newer regions use the {@code logdelivery.elasticloadbalancing.amazonaws.com}
 * service principal, which the district bucket policy always grants as well.
 */
final class ElbLogAccounts {

    private static final Map<String, String> BY_REGION = Map.ofEntries(
            Map.entry("us-east-1", "127311923021"),
            Map.entry("us-east-2", "033677994240"),
            Map.entry("us-west-1", "027434742980"),
            Map.entry("us-west-2", "797873946194"),
            Map.entry("af-south-1", "098369216593"),
            Map.entry("ap-east-1", "754344448648"),
            Map.entry("ap-southeast-3", "589379963580"),
            Map.entry("ap-south-1", "718504428378"),
            Map.entry("ap-northeast-3", "383597477331"),
            Map.entry("ap-northeast-2", "600734575887"),
            Map.entry("ap-southeast-1", "114774131450"),
            Map.entry("ap-southeast-2", "783225319266"),
            Map.entry("ap-northeast-1", "582318560864"),
            Map.entry("ca-central-1", "985666609251"),
            Map.entry("eu-central-1", "054676820928"),
            Map.entry("eu-west-1", "156460612806"),
            Map.entry("eu-west-2", "652711504416"),
            Map.entry("eu-south-1", "635631232127"),
            Map.entry("eu-west-3", "009996457667"),
            Map.entry("eu-north-1", "897822967062"),
            Map.entry("me-south-1", "076674570225"),
            Map.entry("sa-east-1", "507241528517"));

    private ElbLogAccounts() {}

    /** The log delivery account of an older region, or null where the service principal is enough. */
    static String forRegion(String region) {
        return region == null ? null : BY_REGION.get(region);
    }
}

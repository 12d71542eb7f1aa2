package io.rambla.bench;

import io.rambla.schema.LoaderLimits;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The files of a synthetic infrastructure repository for benchmarks: one district without NAT
 * (the emulator cannot allocate Elastic IPs), one public endpoint and {@code units} app
 * environments, each with one web service listening on the endpoint at its own rule priority.
 * Pure: the same arguments always give the same files.
 */
public final class SyntheticRepository {

    /** The schema's bounds on {@code rule_priority}; every app takes its own. */
    public static final int MAX_UNITS = 50_000;
    static final String DISTRICT = "bench";
    static final String ENDPOINT = "public";
    private static final int MAX_PREFIX_LENGTH = 20;
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private SyntheticRepository() {}

    /**
     * The most apps a repository Rambla can load holds: besides the apps, it has two YAML files
     * ({@code rambla.yml}, the district) and two units (the district, its endpoint), and the loader
     * reads at most {@link LoaderLimits#maxFiles()} YAML files and {@link LoaderLimits#maxUnits()}
     * units ({@link LoaderLimits#defaults()}: 2,000 each, so 1,998 apps make 2,000 units).
     */
    public static int maxLoadableApps(LoaderLimits limits) {
        return Math.min(MAX_UNITS, Math.min(limits.maxFiles(), limits.maxUnits()) - 2);
    }

    /** Every file of the repository, by path relative to its root. */
    public static Map<String, String> files(String stackPrefix, int units) {
        if (units < 1 || units > MAX_UNITS) {
            throw new IllegalArgumentException("units must be between 1 and " + MAX_UNITS + ", got " + units);
        }
        Map<String, String> files = new LinkedHashMap<>();
        files.put("README.md", readme(0));
        files.put("rambla.yml", """
                # A synthetic repository made by `rambla bench`; the prefix is unique per run.
                stack_prefix: %s
                prune: false
                default_district: %s
                """.formatted(stackPrefix, DISTRICT));
        files.put(districtPath(), district(1));
        for (int i = 1; i <= units; i++) {
            files.put(appPath(i), app(i, "1.27"));
        }
        return files;
    }

    public static String districtPath() {
        return "districts/" + DISTRICT + ".yml";
    }

    public static String districtUnitId() {
        return "district/" + DISTRICT;
    }

    /** The district file; {@code clusterSize} is what a change to the district varies. */
    public static String district(int clusterSize) {
        return """
                region: us-east-1
                cidr_block: 10.20.0.0/16
                nat_type: none
                cluster_instance_type: t3.small
                cluster_size: %d
                endpoints:
                  - name: %s
                    public: true
                """.formatted(clusterSize, ENDPOINT);
    }

    public static String appName(int index) {
        return "app%05d".formatted(index);
    }

    public static String appPath(int index) {
        return "apps/" + appName(index) + "/barcelona.yml";
    }

    public static String appUnitId(int index) {
        return "app/" + appName(index) + "/production";
    }

    /** The barcelona.yml of app {@code index} (1-based), which takes rule priority {@code index}. */
    public static String app(int index, String imageTag) {
        return """
                environments:
                  production:
                    image_name: public.ecr.aws/nginx/nginx
                    image_tag: "%s"
                    services:
                      - name: web
                        service_type: web
                        web_container_port: 80
                        listeners:
                          - endpoint: %s
                            rule_priority: %d
                            rule_conditions:
                              - type: path-pattern
                                value: /%s/*
                """.formatted(imageTag, ENDPOINT, index, appName(index));
    }

    /** A README; changing it changes nothing rendered. */
    public static String readme(int edition) {
        return "# Benchmark repository\n\nMade by `rambla bench`. Edition " + edition + ".\n";
    }

    /** A fresh stack prefix: {@code rb-} and random letters and digits, within the schema's 20 characters. */
    public static String uniquePrefix(String label) {
        var random = new SecureRandom();
        var prefix = new StringBuilder("rb").append(label.isEmpty() ? "" : "-" + label).append('-');
        int length = Math.max(14, prefix.length() + 4);
        while (prefix.length() < length) {
            prefix.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        String result = prefix.toString();
        if (result.length() > MAX_PREFIX_LENGTH) {
            throw new IllegalArgumentException("label too long for a stack prefix: " + label);
        }
        return result;
    }
}

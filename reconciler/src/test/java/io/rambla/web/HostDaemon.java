package io.rambla.web;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.rambla.apply.AwsCallCounter;
import io.rambla.support.Emulator;
import io.rambla.support.GitFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/**
 * What the ITs of a git host other than GitHub share: a real repository holding one district,
 * the daemon's properties for that host's WireMock stand-in and the AWS emulator, and the
 * clean-up of the district's stack.
 */
final class HostDaemon {

    final Path temp;
    final GitFixture git;
    final String district;

    private HostDaemon(Path temp, GitFixture git, String district) {
        this.temp = temp;
        this.git = git;
        this.district = district;
    }

    /** A repository on {@code main} whose first commit adds {@code district} with {@code cidr}. */
    static HostDaemon start(String district, String cidr) throws Exception {
        Path temp = Files.createTempDirectory("rambla-" + district + "-it");
        GitFixture git = GitFixture.create(temp, "main");
        git.commitAndPush("add district", Map.of("rambla.yml", "stack_prefix: it\n",
                "districts/" + district + ".yml", "region: us-east-1\nnat_type: none\ncidr_block: " + cidr + "\n"));
        return new HostDaemon(temp, git, district);
    }

    /** The daemon's properties: {@code kind} as the git host with its own {@code host} properties, this repository, the emulator. */
    Map<String, String> properties(String kind, Map<String, String> host) {
        var aws = Emulator.config();
        Map<String, String> properties = new HashMap<>(host);
        properties.putAll(Map.of(
                "rambla.git-host.kind", kind,
                "rambla.github.public-url", "https://rambla.acme.example",
                "rambla.git.url", git.url(),
                "rambla.git.poll-interval", "1h",
                "rambla.git.workdir", temp.resolve("checkout").toString(),
                "rambla.aws.endpoint", aws.endpoint(),
                "rambla.aws.region", aws.region(),
                "micronaut.server.port", "-1"));
        return properties;
    }

    /** Deletes the district's stack, then closes the repository and the host's stand-in. */
    void stop(WireMockServer host) {
        try (CloudFormationClient cloudFormation = Emulator.cloudFormation(new AwsCallCounter())) {
            cloudFormation.deleteStack(r -> r.stackName("it-district-" + district));
        } finally {
            git.close();
            host.stop();
        }
    }
}

package io.rambla.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecSessionTest {

    private static final String ARN = "arn:aws:ecs:eu-west-1:123456789012:task/rambla-district-production/0a1b2c3d";
    private static final RunTarget TARGET = RunTarget.of("app/shop/production", "rambla-app-shop-production", "eu-west-1", Map.of(
            "OneOffTaskDefinitionArn", "arn:aws:ecs:eu-west-1:123456789012:task-definition/rambla-app-shop-production-one-off:7",
            "ClusterName", "rambla-district-production", "CapacityProvider", "rambla-district-production-Ec2",
            "SubnetIds", "subnet-0aaa", "OneOffSecurityGroupId", "sg-0one"));

    @TempDir
    Path dir;

    @Test
    void the_session_is_aws_ecs_execute_command_into_the_one_off_container_with_the_command_as_one_quoted_line() {
        var spec = new RunSpec(List.of("sh", "-c", "echo $RAILS_ENV; it's"), null, null, null, false);

        assertThat(ExecSession.commandLine(Path.of("/usr/local/bin/aws"), TARGET, ARN, spec, null)).containsExactly(
                "/usr/local/bin/aws", "ecs", "execute-command", "--region", "eu-west-1", "--cluster", "rambla-district-production",
                "--task", ARN, "--container", "one-off", "--interactive", "--command", "sh -c 'echo $RAILS_ENV; it'\\''s'");
        assertThat(ExecSession.commandLine(Path.of("/usr/bin/aws"), TARGET, ARN, spec, "http://127.0.0.1:4566"))
                .containsSequence("--region", "eu-west-1", "--endpoint-url", "http://127.0.0.1:4566", "--cluster");
        assertThat(ExecSession.commandLine(Path.of("/usr/bin/aws"), TARGET, ARN, spec, " ")).doesNotContain("--endpoint-url");
    }

    @Test
    void programs_are_found_only_as_executable_files_in_absolute_directories_of_path() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path notExecutable = Files.createDirectories(dir.resolve("plain"));
        Files.writeString(notExecutable.resolve("aws"), "#!/bin/sh\n");
        Files.createDirectories(empty.resolve("session-manager-plugin"));
        Path aws = executable(bin.resolve("aws"));

        String path = String.join(":", "", "relative/bin", notExecutable.toString(), empty.toString(), bin.toString());
        assertThat(ExecSession.find("aws", path)).contains(aws);
        assertThat(ExecSession.find("session-manager-plugin", path)).isEmpty();
        assertThat(ExecSession.find("aws", null)).isEmpty();
        assertThat(ExecSession.find("aws", "")).isEmpty();
        assertThat(ExecSession.find("aws", "\0:" + bin)).contains(aws);
    }

    @Test
    void a_relative_or_empty_path_entry_never_finds_the_working_directorys_programs() throws IOException {
        // The tests run in reconciler/; a program there must not be picked through "" or ".".
        Path here = Path.of("").toAbsolutePath();
        Path planted = here.resolve("target/exec-session-test/aws");
        Files.createDirectories(planted.getParent());
        executable(planted);
        try {
            assertThat(ExecSession.find("aws", ":.:target/exec-session-test")).isEmpty();
        } finally {
            Files.delete(planted);
        }
    }

    @Test
    void what_is_missing_is_named_with_where_to_get_it() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        assertThat(ExecSession.missing(bin.toString())).hasValueSatisfying(message -> assertThat(message)
                .contains("the AWS CLI (`aws`").contains("the Session Manager plugin (`session-manager-plugin`")
                .contains("install them").endsWith("(nothing was started)"));
        executable(bin.resolve("aws"));
        assertThat(ExecSession.missing(bin.toString())).hasValueSatisfying(message -> assertThat(message)
                .doesNotContain("AWS CLI").contains("session-manager-plugin").contains("install it"));
        executable(bin.resolve("session-manager-plugin"));
        assertThat(ExecSession.missing(bin.toString())).isEmpty();
    }

    private static Path executable(Path file) throws IOException {
        Files.writeString(file, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}

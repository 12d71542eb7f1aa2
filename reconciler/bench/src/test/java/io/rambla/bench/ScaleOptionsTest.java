package io.rambla.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScaleOptionsTest {

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final BenchCommand command = new BenchCommand(new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    @Test
    void other_stacks_out_of_range_or_not_a_number_are_refused_before_anything_runs() throws Exception {
        for (String bad : List.of("-1", "100001", "many", "")) {
            err.reset();
            assertThat(command.run(List.of("scale", "--other-stacks", bad, "--endpoint", "http://127.0.0.1:1")))
                    .as("--other-stacks %s", bad).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("rambla bench:");
        }
        assertThat(command.run(List.of("scale", "--other-stacks"))).as("an option without its value").isEqualTo(2);
    }

    @Test
    void the_help_names_the_scale_benchmark_and_its_option() throws Exception {
        assertThat(BenchCommand.HELP).contains("scale ").contains("--other-stacks N");
    }

    @Test
    void other_stacks_are_numbered_under_their_own_prefix() {
        assertThat(OtherStacks.names("rb-other-x", 3)).containsExactly("rb-other-x-1", "rb-other-x-2", "rb-other-x-3");
        assertThat(OtherStacks.names("rb-other-x", 0)).isEmpty();
        assertThatThrownBy(() -> OtherStacks.names("rb-other-x", -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_load_average_is_three_figures_or_unknown() {
        assertThat(Machine.loadAverage()).matches("\\d+\\.\\d+ \\d+\\.\\d+ \\d+\\.\\d+|unknown");
        assertThat(Machine.describe()).matches("\\d+ cores, Java .+");
    }

    @Test
    void deploys_jvm_options_are_the_words_between_java_and_jar_of_the_systemd_units_exec_start() throws Exception {
        String unit = java.nio.file.Files.readString(BenchCommand.projectRoot().resolve("deploy/rambla.service"));
        List<String> options = BenchCommand.deployJvmOptions(unit);
        assertThat(options).isNotEmpty().allSatisfy(o -> assertThat(o).startsWith("-X"));
        assertThat(String.join(" ", options)).contains("-Xmx");

        assertThat(BenchCommand.deployJvmOptions("[Service]\nExecStart=/usr/bin/java -Xmx64m -jar x.jar serve\n")).containsExactly("-Xmx64m");
        assertThat(BenchCommand.deployJvmOptions("ExecStart=/bin/sh -c 'java -Xmx1g -jar x.jar'\n")).as("not java itself").isEmpty();
        assertThat(BenchCommand.deployJvmOptions("ExecStart=/usr/bin/java -cp x.jar Main\n")).as("no -jar").isEmpty();
        assertThat(BenchCommand.deployJvmOptions("")).isEmpty();
    }

    @Test
    void the_startup_bench_sets_the_malloc_variables_of_the_systemd_unit_and_no_other() throws Exception {
        String unit = java.nio.file.Files.readString(BenchCommand.projectRoot().resolve("deploy/rambla.service"));
        assertThat(BenchCommand.deployMallocEnvironment(unit)).containsEntry("MALLOC_ARENA_MAX", "2");
        assertThat(BenchCommand.deployMallocEnvironment("Environment=RAMBLA_GIT_URL=x\nEnvironment=MALLOC_ARENA_MAX=4\n# Environment=MALLOC_TOP_PAD_=1\n"))
                .containsExactly(java.util.Map.entry("MALLOC_ARENA_MAX", "4"));
        assertThat(BenchCommand.deployMallocEnvironment("")).isEmpty();
    }

    @Test
    void the_startup_bench_runs_deploys_options_with_the_archive_recorded_next_to_the_jar_instead_of_the_hosts() {
        var local = java.nio.file.Path.of("/src/reconciler/target/rambla.jsa");
        assertThat(BenchCommand.withLocalArchive(List.of("-Xmx192m", "-XX:SharedArchiveFile=/var/lib/rambla/rambla.jsa", "-XX:+UseSerialGC"), local))
                .containsExactly("-Xmx192m", "-XX:SharedArchiveFile=/src/reconciler/target/rambla.jsa", "-XX:+UseSerialGC");
        assertThat(BenchCommand.withLocalArchive(List.of("-Xmx192m"), local)).as("no archive named, none added").containsExactly("-Xmx192m");
        assertThat(BenchCommand.withLocalArchive(List.of(), local)).isEmpty();
    }

    @Test
    void an_unknown_jvm_choice_is_refused() throws Exception {
        assertThat(command.run(List.of("startup", "--jvm", "fast"))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--jvm is default or deploy");
    }
}

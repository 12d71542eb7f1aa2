package io.rambla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile-input suite of issue 12: repositories an attacker could push or open a pull request
 * with, each validated by the real CLI ({@code java -Xmx256m -jar rambla.jar validate DIR}) in a
 * JVM of its own. For every one: the exit status is 1 (or 0 with a warning naming the path, for
 * harmless oddities), the answer comes within 20 s, a file and line are named compiler-style, no
 * stack trace is printed, and no byte of the secret planted outside the repository (nor of
 * /etc/passwd) is printed.
 */
class HostileRepositoriesIT {

    private static final Duration LIMIT = Duration.ofSeconds(20);
    private static final String PLANTED = "planted-secret-Zq93xw";
    private static final String DISTRICT = """
            region: ap-northeast-1
            endpoints:
              - name: public
              - name: internal
                public: false
            """;
    private static final String APP = """
            environments:
              production:
                image_name: shop
                services:
                  - name: web
                    service_type: web
                    listeners:
                      - endpoint: public
            """;

    @TempDir
    static Path temp;

    /** One hostile repository: how to make it, the exit status expected, and the path the output must name. */
    record Case(String name, Maker maker, int exit, String names) {}

    interface Maker {
        void make(Path root, Path outside) throws Exception;
    }

    private static Case refused(String name, String names, Maker maker) {
        return new Case(name, maker, 1, names);
    }

    private static Case warned(String name, String names, Maker maker) {
        return new Case(name, maker, 0, names);
    }

    @TestFactory
    Stream<DynamicTest> every_hostile_repository_is_refused_quickly_at_a_place_without_leaking() throws Exception {
        Path outside = temp.resolve("outside");
        Files.createDirectories(outside.resolve("dir/apps/x"));
        Files.writeString(outside.resolve("secret"), PLANTED + "\nghp_" + "Zz9".repeat(12) + "\n");
        Files.writeString(outside.resolve("dir/main.yml"), "region: " + PLANTED + "\n");
        Files.writeString(outside.resolve("dir/barcelona.yml"), "environments: " + PLANTED + "\n");
        Files.writeString(outside.resolve("dir/apps/x/barcelona.yml"), "environments: " + PLANTED + "\n");
        List<Case> cases = cases();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(60);
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c, outside)));
    }

    private static void check(Case c, Path outside) throws Exception {
        Path root = temp.resolve("repos").resolve(c.name().replaceAll("[^A-Za-z0-9]+", "-"));
        Files.createDirectories(root.resolve("districts"));
        Files.createDirectories(root.resolve("apps/shop"));
        Files.writeString(root.resolve("districts/main.yml"), DISTRICT);
        Files.writeString(root.resolve("apps/shop/barcelona.yml"), APP);
        c.maker().make(root, outside);

        Path log = root.resolveSibling(root.getFileName() + ".out");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        Path jar = Path.of("target", "rambla.jar");
        if (Files.isRegularFile(jar)) {
            command.addAll(List.of("-jar", jar.toString()));
        } else {
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.rambla.cli.Main"));
        }
        command.addAll(List.of("validate", root.toString()));
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly().waitFor();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        String output = Files.readString(log, StandardCharsets.ISO_8859_1);

        assertThat(finished).as(c.name() + " answers within " + LIMIT + "; output:\n" + output).isTrue();
        assertThat(took).isLessThan(LIMIT);
        assertThat(process.exitValue()).as(c.name() + " exit status; output:\n" + output).isEqualTo(c.exit());
        String severity = c.exit() == 0 ? "warning" : "error";
        assertThat(output).as(c.name() + " names the place").containsPattern(
                Pattern.compile("(?m)^" + Pattern.quote(c.names()) + "[^:\\s]*:\\d+:\\d+: " + severity + ": "));
        assertThat(output).as(c.name() + " prints no stack trace").doesNotContain("\tat ", "Exception", "java.lang.");
        assertThat(output).as(c.name() + " prints nothing from outside").doesNotContain(PLANTED, "root:x:0:0", "ghp_Zz9");
    }

    // ------------------------------------------------------------ the cases

    private static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        links(cases);
        specialFiles(cases);
        bombs(cases);
        longNames(cases);
        collisions(cases);
        injections(cases);
        overflows(cases);
        return cases;
    }

    private static void links(List<Case> cases) {
        cases.add(refused("district symlink to a secret outside", "districts/leak.yml",
                (root, out) -> Files.createSymbolicLink(root.resolve("districts/leak.yml"), out.resolve("secret"))));
        cases.add(refused("rambla.yml symlink to a secret outside", "rambla.yml",
                (root, out) -> Files.createSymbolicLink(root.resolve("rambla.yml"), out.resolve("secret"))));
        cases.add(refused("barcelona.yml symlink to a secret outside", "apps/leak/barcelona.yml", (root, out) -> {
            Files.createDirectories(root.resolve("apps/leak"));
            Files.createSymbolicLink(root.resolve("apps/leak/barcelona.yml"), out.resolve("secret"));
        }));
        cases.add(refused("barcelona.yml replaced by a link to an outside file", "apps/shop/barcelona.yml", (root, out) -> {
            Files.delete(root.resolve("apps/shop/barcelona.yml"));
            Files.createSymbolicLink(root.resolve("apps/shop/barcelona.yml"), out.resolve("dir/barcelona.yml"));
        }));
        cases.add(refused("districts folder linked outside", "districts", (root, out) -> {
            Files.delete(root.resolve("districts/main.yml"));
            Files.delete(root.resolve("districts"));
            Files.createSymbolicLink(root.resolve("districts"), out.resolve("dir"));
        }));
        cases.add(warned("app folder linked outside", "apps/linked",
                (root, out) -> Files.createSymbolicLink(root.resolve("apps/linked"), out.resolve("dir"))));
        cases.add(warned("apps folder linked to itself", "apps/loop",
                (root, out) -> Files.createSymbolicLink(root.resolve("apps/loop"), root.resolve("apps/loop"))));
        cases.add(warned("folder link loop", "apps/a", (root, out) -> {
            Files.createSymbolicLink(root.resolve("apps/a"), root.resolve("apps/b"));
            Files.createSymbolicLink(root.resolve("apps/b"), root.resolve("apps/a"));
        }));
        cases.add(refused("barcelona.yml links in a loop", "apps/x/barcelona.yml", (root, out) -> {
            Files.createDirectories(root.resolve("apps/x"));
            Files.createSymbolicLink(root.resolve("apps/x/barcelona.yml"), root.resolve("apps/x/other.yml"));
            Files.createSymbolicLink(root.resolve("apps/x/other.yml"), root.resolve("apps/x/barcelona.yml"));
        }));
        cases.add(refused("district link to another district inside", "districts/copy.yml",
                (root, out) -> Files.createSymbolicLink(root.resolve("districts/copy.yml"), root.resolve("districts/main.yml"))));
        cases.add(refused("district link to /etc/passwd", "districts/passwd.yml",
                (root, out) -> Files.createSymbolicLink(root.resolve("districts/passwd.yml"), Path.of("/etc/passwd"))));
        cases.add(refused("rambla.yml link to the process environment", "rambla.yml",
                (root, out) -> Files.createSymbolicLink(root.resolve("rambla.yml"), Path.of("/proc/self/environ"))));
        cases.add(refused("dangling district link", "districts/gone.yml",
                (root, out) -> Files.createSymbolicLink(root.resolve("districts/gone.yml"), out.resolve("nothing-here"))));
        cases.add(refused("district link to a folder outside", "districts/dir.yml",
                (root, out) -> Files.createSymbolicLink(root.resolve("districts/dir.yml"), out.resolve("dir"))));
        cases.add(warned("unrelated link to a secret is ignored", "README.md",
                (root, out) -> Files.createSymbolicLink(root.resolve("README.md"), out.resolve("secret"))));
        cases.add(refused("barcelona.yml link to /dev/zero", "apps/zero/barcelona.yml", (root, out) -> {
            Files.createDirectories(root.resolve("apps/zero"));
            Files.createSymbolicLink(root.resolve("apps/zero/barcelona.yml"), Path.of("/dev/zero"));
        }));
        cases.add(refused("district link to /dev/urandom", "districts/random.yml",
                (root, out) -> Files.createSymbolicLink(root.resolve("districts/random.yml"), Path.of("/dev/urandom"))));
    }

    private static void specialFiles(List<Case> cases) {
        cases.add(refused("district FIFO", "districts/pipe.yml", (root, out) -> mkfifo(root.resolve("districts/pipe.yml"))));
        cases.add(refused("barcelona.yml FIFO", "apps/pipe/barcelona.yml", (root, out) -> {
            Files.createDirectories(root.resolve("apps/pipe"));
            mkfifo(root.resolve("apps/pipe/barcelona.yml"));
        }));
        cases.add(refused("rambla.yml FIFO", "rambla.yml", (root, out) -> mkfifo(root.resolve("rambla.yml"))));
        cases.add(refused("district folder where a file belongs", "districts/dir.yml",
                (root, out) -> Files.createDirectories(root.resolve("districts/dir.yml"))));
        cases.add(refused("barcelona.yml folder", "apps/shop/barcelona.yml", (root, out) -> {
            Files.delete(root.resolve("apps/shop/barcelona.yml"));
            Files.createDirectories(root.resolve("apps/shop/barcelona.yml/inner"));
        }));
        cases.add(refused("rambla.yml folder", "rambla.yml", (root, out) -> Files.createDirectories(root.resolve("rambla.yml"))));
        cases.add(refused("districts is a file", "districts", (root, out) -> {
            Files.delete(root.resolve("districts/main.yml"));
            Files.delete(root.resolve("districts"));
            Files.writeString(root.resolve("districts"), DISTRICT);
        }));
    }

    private static void bombs(List<Case> cases) {
        StringBuilder laughs = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'i'; c++) {
            laughs.append(c).append(": &").append(c).append(" [").append(String.join(",", java.util.Collections.nCopies(9, "*" + (char) (c - 1))))
                    .append("]\n");
        }
        cases.add(refused("billion laughs in barcelona.yml", "apps/shop/barcelona.yml",
                (root, out) -> write(root, "apps/shop/barcelona.yml", laughs + "environments: *i\n")));
        cases.add(refused("billion laughs in a district", "districts/main.yml",
                (root, out) -> write(root, "districts/main.yml", laughs + "region: ap-northeast-1\ntags: *i\n")));
        cases.add(refused("merge-key bomb past the alias limit", "apps/shop/barcelona.yml",
                (root, out) -> write(root, "apps/shop/barcelona.yml", mergeBomb(20, ""))));
        cases.add(refused("merge-key bomb under the alias limit carrying a typo", "apps/shop/barcelona.yml",
                (root, out) -> write(root, "apps/shop/barcelona.yml", mergeBomb(16, "memroy: 1, "))));
        cases.add(refused("a mapping merged into itself", "apps/shop/barcelona.yml", (root, out) -> write(root,
                "apps/shop/barcelona.yml", "environments:\n  production: &p\n    <<: *p\n    image_name: shop\n")));
        cases.add(refused("a list holding itself", "apps/shop/barcelona.yml",
                (root, out) -> write(root, "apps/shop/barcelona.yml", "environments: &x [*x]\n")));
        cases.add(refused("10k-deep lists", "apps/shop/barcelona.yml",
                (root, out) -> write(root, "apps/shop/barcelona.yml", "environments: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n")));
        cases.add(refused("10k-deep mappings in a district", "districts/main.yml",
                (root, out) -> write(root, "districts/main.yml", "tags: " + "{a: ".repeat(10_000) + "1" + "}".repeat(10_000) + "\n")));
        cases.add(refused("10k-deep nesting in rambla.yml", "rambla.yml",
                (root, out) -> write(root, "rambla.yml", "stack_prefix: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n")));
        cases.add(refused("50 MB barcelona.yml", "apps/shop/barcelona.yml", (root, out) -> big(root.resolve("apps/shop/barcelona.yml"), true)));
        cases.add(refused("50 MB district", "districts/main.yml", (root, out) -> big(root.resolve("districts/main.yml"), true)));
        cases.add(refused("50 MB on one line", "districts/line.yml", (root, out) -> big(root.resolve("districts/line.yml"), false)));
        cases.add(refused("invalid UTF-8 in barcelona.yml", "apps/shop/barcelona.yml", (root, out) -> Files.write(
                root.resolve("apps/shop/barcelona.yml"), new byte[] {'e', ':', ' ', (byte) 0xC3, (byte) 0x28, '\n'})));
        cases.add(refused("invalid UTF-8 in a district", "districts/main.yml", (root, out) -> Files.write(
                root.resolve("districts/main.yml"), new byte[] {'r', ':', ' ', (byte) 0xFF, (byte) 0xFE, '\n'})));
        cases.add(refused("UTF-16 district", "districts/main.yml",
                (root, out) -> Files.write(root.resolve("districts/main.yml"), ("\uFEFF" + DISTRICT).getBytes(StandardCharsets.UTF_16LE))));
        cases.add(refused("NUL bytes in barcelona.yml", "apps/shop/barcelona.yml",
                (root, out) -> write(root, "apps/shop/barcelona.yml", "environments:\n  production:\n    image_name: \u0000shop\n")));
    }

    private static void longNames(List<Case> cases) {
        String huge = "e".repeat(300_000);
        cases.add(refused("300k-character endpoint name and a listener naming a similar one", "apps/shop/barcelona.yml", (root, out) -> {
            write(root, "districts/main.yml", "region: ap-northeast-1\nendpoints:\n  - name: " + huge + "\n");
            write(root, "apps/shop/barcelona.yml", APP.replace("endpoint: public", "endpoint: " + huge.substring(1) + "f"));
        }));
        cases.add(refused("300k-character service name", "apps/shop/barcelona.yml",
                (root, out) -> write(root, "apps/shop/barcelona.yml", APP.replace("name: web", "name: " + huge))));
        cases.add(refused("300k-character environment name", "apps/shop/barcelona.yml",
                (root, out) -> write(root, "apps/shop/barcelona.yml", APP.replace("production:", huge + ":"))));
        cases.add(refused("300k-character unknown key", "apps/shop/barcelona.yml",
                (root, out) -> write(root, "apps/shop/barcelona.yml", APP + "    " + huge + ": 1\n")));
        cases.add(refused("300k-character image tag", "apps/shop/barcelona.yml",
                (root, out) -> write(root, "apps/shop/barcelona.yml", APP + "    image_tag: " + huge + "\n")));
        cases.add(refused("300k-character image name", "apps/shop/barcelona.yml",
                (root, out) -> write(root, "apps/shop/barcelona.yml", APP.replace("image_name: shop", "image_name: " + huge))));
        cases.add(refused("200-character application folder", "apps/" + "a".repeat(200) + "/barcelona.yml",
                (root, out) -> write(root, "apps/" + "a".repeat(200) + "/barcelona.yml", APP)));
        cases.add(refused("200-character district file name", "districts/" + "d".repeat(200) + ".yml",
                (root, out) -> write(root, "districts/" + "d".repeat(200) + ".yml", "region: eu-west-1\n")));
        cases.add(refused("stack name over 128 characters", "apps/" + "a".repeat(60) + "/barcelona.yml",
                (root, out) -> write(root, "apps/" + "a".repeat(60) + "/barcelona.yml", APP.replace("production:", "p".repeat(60) + ":"))));
        cases.add(refused("more barcelona.yml files than the cap", ".", (root, out) -> {
            for (int i = 0; i < 2_001; i++) {
                write(root, "apps/many/a" + i + "/barcelona.yml", "environments: {}\n");
            }
        }));
        cases.add(refused("more units than the cap", ".", (root, out) -> {
            StringBuilder yaml = new StringBuilder("environments:\n");
            for (int i = 0; i < 2_001; i++) {
                yaml.append("  e").append(i).append(": {image_name: shop}\n");
            }
            write(root, "apps/shop/barcelona.yml", yaml.toString());
        }));
    }

    private static void collisions(List<Case> cases) {
        cases.add(refused("app shop env prod-eu against app shop-prod env eu", "apps/shop", (root, out) -> {
            write(root, "apps/shop/barcelona.yml", APP.replace("production:", "prod-eu:"));
            write(root, "apps/shop-prod/barcelona.yml", "environments:\n  eu:\n    image_name: shop\n");
        }));
        cases.add(refused("endpoints x-main/x against x/main-x", "districts/x", (root, out) -> {
            write(root, "districts/x-main.yml", "endpoints:\n  - name: x\n");
            write(root, "districts/x.yml", "endpoints:\n  - name: main-x\n");
            write(root, "rambla.yml", "default_district: main\n");
        }));
        cases.add(refused("districts Main and main", "districts/", (root, out) -> {
            write(root, "districts/Main.yml", "region: eu-west-1\n");
            write(root, "rambla.yml", "default_district: main\n");
        }));
        cases.add(refused("services web-a and webA", "apps/shop/barcelona.yml",
                (root, out) -> write(root, "apps/shop/barcelona.yml", APP + "      - name: web-a\n      - name: webA\n")));
        cases.add(refused("service one-off", "apps/shop/barcelona.yml",
                (root, out) -> write(root, "apps/shop/barcelona.yml", APP + "      - name: one-off\n")));
        cases.add(refused("service oneOff", "apps/shop/barcelona.yml",
                (root, out) -> write(root, "apps/shop/barcelona.yml", APP + "      - name: oneOff\n")));
        cases.add(refused("endpoints internal-api and internalApi on one service", "apps/shop/barcelona.yml", (root, out) -> {
            write(root, "districts/main.yml", DISTRICT + "  - name: internal-api\n  - name: internalApi\n");
            write(root, "apps/shop/barcelona.yml", APP + "        rule_priority: 1\n      - endpoint: internal-api\n"
                    + "        rule_priority: 2\n      - endpoint: internalApi\n        rule_priority: 3\n");
        }));
        cases.add(refused("service a on endpoint b-c next to service a-b on endpoint c", "apps/shop/barcelona.yml", (root, out) -> {
            write(root, "districts/main.yml", DISTRICT + "  - name: b-c\n  - name: c\n");
            write(root, "apps/shop/barcelona.yml", """
                    environments:
                      production:
                        image_name: shop
                        services:
                          - {name: a, service_type: web, listeners: [{endpoint: b-c, rule_priority: 1}]}
                          - {name: a-b, service_type: web, listeners: [{endpoint: c, rule_priority: 2}]}
                    """);
        }));
        cases.add(refused("two listeners of one service on one endpoint", "apps/shop/barcelona.yml",
                (root, out) -> write(root, "apps/shop/barcelona.yml", APP + "        rule_priority: 1\n      - endpoint: public\n"
                        + "        rule_priority: 2\n")));
    }

    private static void injections(List<Case> cases) {
        String env = APP + "    environment:\n";
        cases.add(refused("ssm_path with Fn::Sub variables", "apps/shop/barcelona.yml", (root, out) -> write(root,
                "apps/shop/barcelona.yml", env + "      - {name: X, ssm_path: 'x/${AWS::NoValue}/${ExecutionRole.Arn}'}\n")));
        cases.add(refused("ssm_path wildcard", "apps/shop/barcelona.yml",
                (root, out) -> write(root, "apps/shop/barcelona.yml", env + "      - {name: X, ssm_path: '*'}\n")));
        cases.add(refused("ssm_path climbing out", "apps/shop/barcelona.yml",
                (root, out) -> write(root, "apps/shop/barcelona.yml", env + "      - {name: X, ssm_path: ../../other/secret}\n")));
        cases.add(refused("ssm_path with an empty segment", "apps/shop/barcelona.yml",
                (root, out) -> write(root, "apps/shop/barcelona.yml", env + "      - {name: X, ssm_path: a//b}\n")));
        cases.add(refused("dynamic reference in a plain value", "apps/shop/barcelona.yml", (root, out) -> write(root,
                "apps/shop/barcelona.yml", env + "      - {name: X, value: '{{resolve:ssm:/other-team/secret}}'}\n")));
        cases.add(refused("another team's secret in value_from", "apps/shop/barcelona.yml", (root, out) -> write(root,
                "apps/shop/barcelona.yml", env + "      - {name: X, value_from: 'arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:billing/db-AbCdEf'}\n")));
        cases.add(refused("another district's parameter in value_from", "apps/shop/barcelona.yml", (root, out) -> write(root,
                "apps/shop/barcelona.yml", env + "      - {name: X, value_from: 'arn:aws:ssm:ap-northeast-1:123456789012:parameter/barcelona/other/db'}\n")));
        cases.add(refused("a wildcard secret name in value_from", "apps/shop/barcelona.yml", (root, out) -> write(root,
                "apps/shop/barcelona.yml", env + "      - {name: X, value_from: 'arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:shop/*'}\n")));
        cases.add(refused("value_from naming a Secrets Manager resource that is no secret", "apps/shop/barcelona.yml", (root, out) -> write(root,
                "apps/shop/barcelona.yml", env + "      - {name: X, value_from: 'arn:aws:secretsmanager:ap-northeast-1:123456789012:shop/x'}\n")));
        cases.add(refused("an app outside its district's narrowed grant", "apps/shop/barcelona.yml", (root, out) -> {
            write(root, "districts/main.yml", DISTRICT + "secret_scope: app\n");
            write(root, "apps/shop/barcelona.yml", env + "      - {name: X, ssm_path: billing/key}\n");
        }));
        cases.add(refused("dynamic reference in a service command", "apps/shop/barcelona.yml", (root, out) -> write(root,
                "apps/shop/barcelona.yml", APP.replace("service_type: web", "service_type: web\n        command: echo {{resolve:ssm:/x}}"))));
        cases.add(refused("dynamic reference in before_deploy", "apps/shop/barcelona.yml", (root, out) -> write(root,
                "apps/shop/barcelona.yml", APP + "    before_deploy: 'rake {{resolve:secretsmanager:x}}'\n")));
        cases.add(refused("dynamic reference in a health check path", "apps/shop/barcelona.yml", (root, out) -> write(root,
                "apps/shop/barcelona.yml", APP + "        health_check_path: '/{{resolve:ssm:/x}}'\n")));
        cases.add(refused("dynamic reference in a rule condition", "apps/shop/barcelona.yml", (root, out) -> write(root,
                "apps/shop/barcelona.yml", APP + "        rule_conditions: [{type: host-header, value: '{{resolve:ssm:/x}}'}]\n")));
        cases.add(refused("dynamic reference in a district tag", "districts/main.yml",
                (root, out) -> write(root, "districts/main.yml", DISTRICT + "tags:\n  team: '{{resolve:ssm:/x}}'\n")));
        cases.add(refused("dynamic reference in a scheduled task", "apps/shop/barcelona.yml", (root, out) -> write(root,
                "apps/shop/barcelona.yml", APP + "    scheduled_tasks:\n      - {schedule: rate(1 day), command: 'x {{resolve:ssm:/x}}'}\n")));
        cases.add(refused("dynamic reference in an image tag", "apps/shop/barcelona.yml", (root, out) -> write(root,
                "apps/shop/barcelona.yml", APP + "    image_tag: '{{resolve:ssm:/x}}'\n")));
        cases.add(refused("dynamic reference in the Slack secret", "districts/main.yml", (root, out) -> write(root,
                "districts/main.yml", DISTRICT + "notifications:\n  slack_webhook_url_secret: '/{{resolve:ssm:/x}}'\n")));
        cases.add(refused("dynamic reference written with spaces and capitals", "apps/shop/barcelona.yml", (root, out) -> write(root,
                "apps/shop/barcelona.yml", env + "      - {name: X, value: '{{ Resolve :ssm:/x}}'}\n")));
    }

    private static void overflows(List<Case> cases) {
        cases.add(refused("8 services with 40 long variables each", "apps/shop/barcelona.yml", (root, out) -> {
            StringBuilder yaml = new StringBuilder("environments:\n  production:\n    image_name: shop\n    services:\n");
            for (int s = 0; s < 8; s++) {
                yaml.append("      - name: s").append(s).append('\n');
            }
            yaml.append("    environment:\n");
            for (int v = 0; v < 40; v++) {
                yaml.append("      VAR_").append(v).append(": '").append("v".repeat(150)).append("'\n");
            }
            write(root, "apps/shop/barcelona.yml", yaml.toString());
        }));
        cases.add(refused("a 900 kB command", "apps/shop/barcelona.yml", (root, out) -> write(root, "apps/shop/barcelona.yml",
                APP.replace("service_type: web", "service_type: web\n        command: echo " + "x ".repeat(450_000)))));
        cases.add(refused("one 70 kB variable", "apps/shop/barcelona.yml",
                (root, out) -> write(root, "apps/shop/barcelona.yml", APP + "    environment:\n      BIG: " + "b".repeat(70_000) + "\n")));
    }

    // ------------------------------------------------------------ helpers

    private static String mergeBomb(int levels, String typo) {
        StringBuilder yaml = new StringBuilder("l0: &l0 {" + typo + "cpu: 256}\n");
        for (int i = 1; i <= levels; i++) {
            yaml.append("l").append(i).append(": &l").append(i).append(" {<<: [*l").append(i - 1).append(", *l").append(i - 1)
                    .append(", *l").append(i - 1).append("]}\n");
        }
        return yaml + "environments:\n  production:\n    image_name: shop\n    services:\n      - <<: *l" + levels + "\n        name: web\n";
    }

    private static void write(Path root, String relative, String content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    private static void big(Path file, boolean lines) throws IOException {
        byte[] chunk = (lines ? ("# " + "x".repeat(1021) + "\n") : "y".repeat(1024)).getBytes(StandardCharsets.US_ASCII);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < 50 * 1024; i++) {
                out.write(chunk);
            }
        }
    }

    private static void mkfifo(Path path) throws Exception {
        Process process = new ProcessBuilder("mkfifo", path.toString()).start();
        assertThat(process.waitFor()).isZero();
    }
}

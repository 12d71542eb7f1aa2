package io.rambla.schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The forms of barcelona.yml that Barcelona's CLI and server accepted besides the main ones:
 * the older {@code env_vars} map, {@code run_env}, a service {@code command} as a string (run
 * through a shell) or a list (exec form), {@code before_deploy} with its one-off size, and
 * {@code value_from} as an SSM parameter name.
 */
final class BarcelonaForms {

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern SECRET_ARN = Pattern.compile("arn:aws[a-z-]*:(ssm|secretsmanager):[a-z0-9-]+:[0-9]{12}:\\S+");
    private static final Pattern SSM_NAME = Pattern.compile("/?[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*");

    /** {@code before_deploy}: its command and the one-off task's size. */
    record BeforeDeploy(String command, int cpu, int memory) {}

    private BarcelonaForms() {}

    /** Barcelona's {@code value_from}: an SSM parameter name, or the ARN of an SSM parameter or a Secrets Manager secret. */
    static boolean validValueFrom(String value) {
        return SECRET_ARN.matcher(value).matches() || value.length() <= 2048 && SSM_NAME.matcher(value).matches()
                && java.util.Arrays.stream(value.split("/")).noneMatch(segment -> segment.equals(".") || segment.equals(".."));
    }

    static final String VALUE_FROM_RULE = "`value_from` must be an SSM parameter name (such as /shop/database-url) or the ARN "
            + "of an SSM parameter or a Secrets Manager secret";

    /**
     * {@code env_vars: {NAME: value}}: plain variables, as Barcelona's heritage env_vars; a name also set in
     * {@code environment} is taken from there, as Barcelona's environment_set did, with a warning.
     */
    static List<EnvironmentVariable> legacyEnvVars(YamlMap environment, List<EnvironmentVariable> declared) {
        Problems problems = environment.problems();
        List<EnvironmentVariable> variables = new ArrayList<>();
        Optional<Node> value = environment.value("env_vars");
        if (value.isEmpty()) {
            return variables;
        }
        if (!(value.get() instanceof MappingNode)) {
            problems.error(value.get(), environment.pathOf("env_vars"), "`env_vars` must be a mapping of NAME: value, found "
                    + YamlMap.describe(value.get()));
            return variables;
        }
        List<String> names = declared.stream().map(EnvironmentVariable::name).toList();
        environment.entriesOf("env_vars", item -> {
            if (!ENV_NAME.matcher(item.name()).matches()) {
                problems.error(item.keyNode(), item.path(), "environment variable name `" + item.name()
                        + "` must be letters, digits and underscores, not starting with a digit");
                return Optional.empty();
            }
            if (!(item.node() instanceof ScalarNode s) || YamlMap.isNull(item.node())) {
                problems.error(item.node(), item.path(), "`env_vars` values are plain values; found " + YamlMap.describe(item.node())
                        + " (put secrets in `environment` with `value_from` or `ssm_path`)");
                return Optional.empty();
            }
            if (names.contains(item.name())) {
                problems.warning(item.keyNode(), item.path(), "`" + item.name() + "` is set in both `env_vars` and `environment`; "
                        + "the value in `environment` is used, as in Barcelona");
                return Optional.empty();
            }
            return Optional.of(new EnvironmentVariable(item.name(), s.getValue(), null, null));
        }).values().forEach(variables::add);
        return variables;
    }

    /** {@code run_env: {vars: {NAME: value}}}: variables Barcelona added to one-off tasks. */
    static Map<String, String> runEnv(YamlMap environment) {
        Map<String, String> vars = new LinkedHashMap<>();
        environment.map("run_env", KnownKeys.RUN_ENV).ifPresent(runEnv -> {
            Problems problems = runEnv.problems();
            runEnv.entriesOf("vars", item -> {
                if (!ENV_NAME.matcher(item.name()).matches()) {
                    problems.error(item.keyNode(), item.path(), "environment variable name `" + item.name()
                            + "` must be letters, digits and underscores, not starting with a digit");
                } else if (item.node() instanceof ScalarNode s && !YamlMap.isNull(s)) {
                    vars.put(item.name(), s.getValue());
                } else {
                    problems.error(item.node(), item.path(), "`run_env.vars` values are plain values; found "
                            + YamlMap.describe(item.node()));
                }
                return Optional.empty();
            });
            runEnv.finish();
        });
        return vars;
    }

    /** {@code before_deploy}: a string, or {command, cpu, memory}; sizes default to Barcelona's one-off task. */
    static Optional<BeforeDeploy> beforeDeploy(YamlMap environment) {
        Optional<Node> value = environment.value("before_deploy");
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (value.get() instanceof MappingNode) {
            return environment.map("before_deploy", KnownKeys.BEFORE_DEPLOY).flatMap(map -> {
                Optional<String> command = map.requiredString("command");
                int cpu = map.integer("cpu", 1, 16384).orElse(Defaults.ONE_OFF_CPU);
                int memory = map.integer("memory", 6, 131072).orElse(Defaults.ONE_OFF_MEMORY);
                map.finish();
                return command.filter(c -> nonBlank(map, "command", c)).map(c -> new BeforeDeploy(c, cpu, memory));
            });
        }
        return environment.string("before_deploy").filter(c -> nonBlank(environment, "before_deploy", c))
                .map(c -> new BeforeDeploy(c, Defaults.ONE_OFF_CPU, Defaults.ONE_OFF_MEMORY));
    }

    /** Barcelona split one-off commands with Ruby's Shellwords, which refuses an unmatched quote. */
    private static boolean nonBlank(YamlMap map, String key, String value) {
        Node at = map.value(key).orElse(map.node());
        if (value.isBlank()) {
            map.problems().error(at, map.pathOf(key), "`" + key + "` is empty");
            return false;
        }
        Optional<String> error = CommandLine.split(value).error();
        error.ifPresent(e -> map.problems().error(at, map.pathOf(key), "`" + key + "` cannot be split into words: " + e));
        return error.isEmpty();
    }

    /** A service's {@code command}: a string runs through a shell as in Barcelona, a list is exec form. */
    static Optional<Command> serviceCommand(YamlMap service) {
        Optional<Node> value = service.value("command");
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Node node = value.get();
        String path = service.pathOf("command");
        Problems problems = service.problems();
        if (node instanceof ScalarNode s) {
            if (s.getValue().isBlank()) {
                problems.error(node, path, "`command` is empty");
                return Optional.empty();
            }
            return Optional.of(new Command.Shell(s.getValue().strip()));
        }
        if (node instanceof SequenceNode seq) {
            List<String> words = new ArrayList<>();
            for (int i = 0; i < seq.getValue().size(); i++) {
                Node word = seq.getValue().get(i);
                if (word instanceof ScalarNode w && !YamlMap.isNull(w)) {
                    words.add(w.getValue());
                } else {
                    problems.error(word, path + "[" + i + "]", "each word of `command` must be a string, found " + YamlMap.describe(word));
                    return Optional.empty();
                }
            }
            if (words.isEmpty()) {
                problems.error(node, path, "`command` is empty");
                return Optional.empty();
            }
            return Optional.of(new Command.Exec(words));
        }
        problems.error(node, path, "`command` must be a string or a list of strings, found " + YamlMap.describe(node));
        return Optional.empty();
    }
}

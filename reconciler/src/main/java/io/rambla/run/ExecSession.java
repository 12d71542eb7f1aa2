package io.rambla.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The terminal session of {@code rambla run --interactive}: the {@code aws ecs execute-command}
 * command line that opens it into a task's one-off container, and the programs it needs on
 * {@code PATH} (the AWS CLI, and the Session Manager plugin the CLI hands the session to). Pure: it
 * looks at the file system only to find the programs.
 */
public final class ExecSession {

    /** The AWS CLI. */
    public static final String AWS_CLI = "aws";
    /** The program the AWS CLI hands an ECS Exec session to; without it the CLI refuses. */
    public static final String SESSION_MANAGER_PLUGIN = "session-manager-plugin";

    private ExecSession() {}

    /**
     * {@code aws ecs execute-command} of {@code command} in {@code target}'s one-off container of task
     * {@code taskArn}, interactive. The command goes to ECS Exec as one line, each word quoted as
     * {@link RunSpec#commandLine()} quotes it.
     *
     * @param aws      the AWS CLI to run
     * @param endpoint an AWS endpoint to pass on ({@code --endpoint-url}), or null
     */
    public static List<String> commandLine(Path aws, RunTarget target, String taskArn, RunSpec command, String endpoint) {
        List<String> line = new ArrayList<>(List.of(aws.toString(), "ecs", "execute-command", "--region", target.region()));
        if (endpoint != null && !endpoint.isBlank()) {
            line.addAll(List.of("--endpoint-url", endpoint));
        }
        line.addAll(List.of("--cluster", target.cluster(), "--task", taskArn, "--container", target.containerName(),
                "--interactive", "--command", command.commandLine()));
        return List.copyOf(line);
    }

    /**
     * {@code program} as the first executable regular file of that name in the directories of
     * {@code path} (a {@code PATH} value). Empty entries, which a shell reads as the current
     * directory, are skipped, and so are relative ones: a session must not run whatever
     * {@code ./aws} the working directory holds.
     */
    public static Optional<Path> find(String program, String path) {
        if (path == null || path.isBlank()) {
            return Optional.empty();
        }
        for (String directory : path.split(java.io.File.pathSeparator, -1)) {
            if (directory.isBlank()) {
                continue;
            }
            Path dir;
            try {
                dir = Path.of(directory);
            } catch (java.nio.file.InvalidPathException e) {
                continue;
            }
            if (!dir.isAbsolute()) {
                continue;
            }
            Path candidate = dir.resolve(program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Why a session cannot open with {@code path}, naming what to install; empty when the AWS CLI
     * and the Session Manager plugin are both there.
     */
    public static Optional<String> missing(String path) {
        List<String> missing = new ArrayList<>();
        if (find(AWS_CLI, path).isEmpty()) {
            missing.add("the AWS CLI (`" + AWS_CLI + "`, https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html)");
        }
        if (find(SESSION_MANAGER_PLUGIN, path).isEmpty()) {
            missing.add("the Session Manager plugin (`" + SESSION_MANAGER_PLUGIN
                    + "`, https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-working-with-install-plugin.html)");
        }
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("--interactive opens the session with `aws ecs execute-command`, which needs "
                + String.join(" and ", missing) + " on PATH; install " + (missing.size() == 1 ? "it" : "them")
                + " and run again (nothing was started)");
    }
}

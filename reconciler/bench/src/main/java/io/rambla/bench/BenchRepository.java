package io.rambla.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.RefSpec;

/**
 * A real git repository for a benchmark: a bare repository standing in for the git host, and a
 * work tree that commits and pushes to it, as a developer would.
 */
final class BenchRepository implements AutoCloseable {

    static final String BRANCH = "main";

    private final Path root;
    private final Path bare;
    private final Git work;

    private BenchRepository(Path root, Path bare, Git work) {
        this.root = root;
        this.bare = bare;
        this.work = work;
    }

    static BenchRepository create(Path root) throws GitAPIException {
        Path bare = root.resolve("infra.git");
        Git.init().setBare(true).setInitialBranch(BRANCH).setDirectory(bare.toFile()).call().close();
        Git work = Git.init().setInitialBranch(BRANCH).setDirectory(root.resolve("work").toFile()).call();
        return new BenchRepository(root, bare, work);
    }

    String url() {
        return bare.toUri().toString();
    }

    /** Where the daemon under test keeps its checkout. */
    Path checkout(String name) {
        return root.resolve("checkout-" + name);
    }

    Path workTree() {
        return work.getRepository().getWorkTree().toPath();
    }

    /** Writes the files, commits and pushes to the bare repository; returns the commit id. */
    String commitAndPush(String message, Map<String, String> files) throws IOException, GitAPIException {
        for (var entry : files.entrySet()) {
            Path file = workTree().resolve(entry.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, entry.getValue(), StandardCharsets.UTF_8);
        }
        work.add().addFilepattern(".").call();
        RevCommit commit = work.commit().setMessage(message).setAuthor("Rambla bench", "bench@rambla.invalid")
                .setCommitter("Rambla bench", "bench@rambla.invalid").call();
        work.push().setRemote(url()).setRefSpecs(new RefSpec("refs/heads/" + BRANCH + ":refs/heads/" + BRANCH)).call();
        return commit.name();
    }

    /**
     * Commits the files on {@code branch} (made from the tracked branch the first time) and pushes
     * it as a pull request does on GitHub: to {@code refs/heads/BRANCH} and to
     * {@code refs/pull/NUMBER/head}; the work tree is back on the tracked branch afterwards.
     * Returns the head commit id.
     */
    String commitAndPushPullRequest(int number, String branch, String message, Map<String, String> files)
            throws IOException, GitAPIException {
        if (number < 1 || branch.equals(BRANCH)) {
            throw new IllegalArgumentException("a pull request needs a number >= 1 and a branch other than " + BRANCH);
        }
        boolean exists = work.getRepository().findRef("refs/heads/" + branch) != null;
        work.checkout().setName(branch).setCreateBranch(!exists).call();
        try {
            for (var entry : files.entrySet()) {
                Path file = workTree().resolve(entry.getKey());
                Files.createDirectories(file.getParent());
                Files.writeString(file, entry.getValue(), StandardCharsets.UTF_8);
            }
            work.add().addFilepattern(".").call();
            RevCommit commit = work.commit().setMessage(message).setAuthor("Rambla bench", "bench@rambla.invalid")
                    .setCommitter("Rambla bench", "bench@rambla.invalid").call();
            work.push().setRemote(url()).setRefSpecs(new RefSpec("+refs/heads/" + branch + ":refs/heads/" + branch),
                    new RefSpec("+refs/heads/" + branch + ":refs/pull/" + number + "/head")).call();
            return commit.name();
        } finally {
            work.checkout().setName(BRANCH).call();
        }
    }

    @Override
    public void close() {
        work.close();
    }
}

package io.rambla.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.transport.RefSpec;

/**
 * A real bare repository on disk with a work tree that pushes to it, as a git host would hold
 * the infrastructure repository.
 */
public final class GitFixture implements AutoCloseable {

    private final Path bare;
    private final Git work;
    private final String branch;

    private GitFixture(Path bare, Git work, String branch) {
        this.bare = bare;
        this.work = work;
        this.branch = branch;
    }

    public static GitFixture create(Path root, String branch) throws GitAPIException {
        Path bare = root.resolve("infra.git");
        Git.init().setBare(true).setInitialBranch(branch).setDirectory(bare.toFile()).call().close();
        Git work = Git.init().setInitialBranch(branch).setDirectory(root.resolve("work").toFile()).call();
        return new GitFixture(bare, work, branch);
    }

    /** The URL Rambla clones: a plain path, as a file URL would be. */
    public String url() {
        return bare.toUri().toString();
    }

    /** The bare repository itself, for tests that serve it over HTTP or SSH. */
    public Path bareRepository() {
        return bare;
    }

    public Path workTree() {
        return work.getRepository().getWorkTree().toPath();
    }

    /** Writes the files (null content deletes), commits and pushes; returns the commit id. */
    public String commitAndPush(String message, Map<String, String> files) throws IOException, GitAPIException {
        String commit = commitLocally(message, files);
        work.push().setRemote(url()).setRefSpecs(new RefSpec("refs/heads/" + branch + ":refs/heads/" + branch)).call();
        return commit;
    }

    /**
     * Commits the files on top of the branch and pushes that commit only to {@code ref}, as GitHub
     * keeps a pull request's head at {@code refs/pull/<n>/head}; the branch stays where it was,
     * here and in the bare repository. Returns the commit id.
     */
    public String commitAndPushTo(String ref, String message, Map<String, String> files) throws IOException, GitAPIException {
        String before = work.getRepository().resolve("HEAD").name();
        String commit = commitLocally(message, files);
        work.push().setRemote(url()).setRefSpecs(new RefSpec("+HEAD:" + ref)).call();
        work.reset().setMode(org.eclipse.jgit.api.ResetCommand.ResetType.HARD).setRef(before).call();
        return commit;
    }

    /**
     * Merges commit {@code head} into the branch with a merge commit (parents: the branch, then
     * {@code head}) and pushes that commit only to {@code ref}, as GitHub keeps the merge result of a
     * pull request at {@code refs/pull/<n>/merge}; the branch stays where it was. Returns the merge commit id.
     */
    public String mergeAndPushTo(String ref, String head) throws IOException, GitAPIException {
        String before = work.getRepository().resolve("HEAD").name();
        var result = work.merge().include(work.getRepository().resolve(head))
                .setFastForward(org.eclipse.jgit.api.MergeCommand.FastForwardMode.NO_FF).setCommit(true)
                .setMessage("Merge " + head + " into " + branch).call();
        if (!result.getMergeStatus().isSuccessful()) {
            throw new IllegalStateException("merge of " + head + " failed: " + result.getMergeStatus());
        }
        String merge = result.getNewHead().name();
        work.push().setRemote(url()).setRefSpecs(new RefSpec("+HEAD:" + ref)).call();
        work.reset().setMode(org.eclipse.jgit.api.ResetCommand.ResetType.HARD).setRef(before).call();
        return merge;
    }

    private String commitLocally(String message, Map<String, String> files) throws IOException, GitAPIException {
        for (var entry : files.entrySet()) {
            Path file = workTree().resolve(entry.getKey());
            if (entry.getValue() == null) {
                Files.deleteIfExists(file);
                work.rm().addFilepattern(entry.getKey()).call();
            } else {
                Files.createDirectories(file.getParent() == null ? workTree() : file.getParent());
                Files.writeString(file, entry.getValue(), StandardCharsets.UTF_8);
                work.add().addFilepattern(entry.getKey()).call();
            }
        }
        return work.commit().setMessage(message).setAuthor("Test", "test@example.com")
                .setCommitter("Test", "test@example.com").call().name();
    }

    @Override
    public void close() {
        work.close();
    }
}

package io.rambla.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.transport.RefSpec;

/**
 * Follows one branch of a remote repository with JGit: clones it the first time, then fetches and
 * hard-resets the work tree to the remote head, so local changes can never leak into AWS.
 */
public final class JGitSource implements GitSource {

    private final String url;
    private final String branch;
    private final Path directory;

    public JGitSource(String url, String branch, Path directory) {
        this.url = url;
        this.branch = branch;
        this.directory = directory;
    }

    @Override
    public synchronized Checkout fetch() throws SourceException {
        String remoteRef = "refs/remotes/origin/" + branch;
        try (Git git = openOrClone()) {
            git.fetch()
                    .setRemote("origin")
                    .setRefSpecs(new RefSpec("+refs/heads/" + branch + ":" + remoteRef))
                    .setRemoveDeletedRefs(true)
                    .call();
            ObjectId head = git.getRepository().resolve(remoteRef);
            if (head == null) {
                throw new SourceException("branch '" + branch + "' does not exist in " + url, null);
            }
            git.reset().setMode(ResetCommand.ResetType.HARD).setRef(head.name()).call();
            git.clean().setCleanDirectories(true).setForce(true).call();
            return new Checkout(head.name(), directory);
        } catch (GitAPIException | IOException e) {
            throw new SourceException("cannot fetch branch '" + branch + "' of " + url + ": " + e.getMessage(), e);
        }
    }

    /**
     * Fetches any ref of the remote, such as a pull request's {@code refs/pull/7/head}, and checks
     * out the commit it points to. Use a JGitSource with its own directory for this: the checkout
     * replaces whatever the directory held.
     */
    public synchronized Checkout fetchRef(String ref) throws SourceException {
        if (!ref.startsWith("refs/") || ref.contains("..") || ref.contains(":")) {
            throw new SourceException("not a full ref name: " + ref, null);
        }
        String localRef = "refs/rambla/fetched/" + ref.substring("refs/".length());
        try (Git git = openOrClone()) {
            git.fetch()
                    .setRemote("origin")
                    .setRefSpecs(new RefSpec("+" + ref + ":" + localRef))
                    .call();
            ObjectId head = git.getRepository().resolve(localRef);
            if (head == null) {
                throw new SourceException(ref + " does not exist in " + url, null);
            }
            git.reset().setMode(ResetCommand.ResetType.HARD).setRef(head.name()).call();
            git.clean().setCleanDirectories(true).setForce(true).call();
            return new Checkout(head.name(), directory);
        } catch (GitAPIException | IOException e) {
            throw new SourceException("cannot fetch " + ref + " of " + url + ": " + e.getMessage(), e);
        }
    }

    private Git openOrClone() throws GitAPIException, IOException {
        if (Files.isDirectory(directory.resolve(".git"))) {
            Git git = Git.open(directory.toFile());
            String configured = git.getRepository().getConfig().getString("remote", "origin", "url");
            if (url.equals(configured)) {
                return git;
            }
            git.close();
            throw new IOException("checkout folder " + directory + " belongs to " + configured + ", not " + url);
        }
        Files.createDirectories(directory);
        return Git.cloneRepository()
                .setURI(url)
                .setDirectory(directory.toFile())
                .setBranchesToClone(java.util.List.of("refs/heads/" + branch))
                .setBranch("refs/heads/" + branch)
                .setNoCheckout(true)
                .call();
    }
}

package io.rambla.source;

import io.rambla.secret.Secret;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;

/**
 * Follows one branch of a remote repository with JGit: clones it the first time, then fetches and
 * hard-resets the work tree to the remote head, so local changes can never leak into AWS.
 * Authenticates with a {@link GitAuth}: a token over HTTP, a key over SSH. Every error message is
 * masked: the token never appears in one, whatever JGit put there.
 */
public final class JGitSource implements GitSource {

    private final String url;
    private final String branch;
    private final Path directory;
    private final GitAuth auth;
    /** The URL as errors show it: without a password, should one have been put in it. */
    private final String shownUrl;
    private final String urlPassword;
    private final Kind kind;
    /** This source's own SSH client settings; null unless a key is configured and the URL is SSH. */
    private final SshdSessionFactory ssh;

    private enum Kind { HTTP, SSH, LOCAL }

    public JGitSource(String url, String branch, Path directory) {
        this(url, branch, directory, GitAuth.none());
    }

    public JGitSource(String url, String branch, Path directory, GitAuth auth) {
        this.url = url;
        this.branch = branch;
        this.directory = directory;
        this.auth = auth;
        this.kind = kindOf(url);
        URIish uri = parse(url);
        this.urlPassword = uri == null || uri.getPass() == null || uri.getPass().isEmpty() ? null : uri.getPass();
        this.shownUrl = shown(url);
        this.ssh = kind == Kind.SSH && auth.sshKeyFile() != null ? GitSsh.sessionFactory(auth) : null;
    }

    /** The URL as logs and errors may show it: without a password, should one have been put in it. */
    public static String shown(String url) {
        URIish uri = parse(url);
        return uri == null ? url : uri.setPass(null).toString();
    }

    @Override
    public synchronized Checkout fetch() throws SourceException {
        String remoteRef = "refs/remotes/origin/" + branch;
        try (Git git = openOrClone()) {
            authenticated(git.fetch())
                    .setRemote("origin")
                    .setRefSpecs(new RefSpec("+refs/heads/" + branch + ":" + remoteRef))
                    .setRemoveDeletedRefs(true)
                    .call();
            ObjectId head = git.getRepository().resolve(remoteRef);
            if (head == null) {
                throw new SourceException("branch '" + branch + "' does not exist in " + shownUrl, null);
            }
            git.reset().setMode(ResetCommand.ResetType.HARD).setRef(head.name()).call();
            git.clean().setCleanDirectories(true).setForce(true).call();
            return new Checkout(head.name(), directory);
        } catch (GitAPIException | IOException e) {
            throw failure("cannot fetch branch '" + branch + "' of " + shownUrl, e);
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
            authenticated(git.fetch())
                    .setRemote("origin")
                    .setRefSpecs(new RefSpec("+" + ref + ":" + localRef))
                    .call();
            ObjectId head = git.getRepository().resolve(localRef);
            if (head == null) {
                throw new SourceException(ref + " does not exist in " + shownUrl, null);
            }
            git.reset().setMode(ResetCommand.ResetType.HARD).setRef(head.name()).call();
            git.clean().setCleanDirectories(true).setForce(true).call();
            return new Checkout(head.name(), directory);
        } catch (GitAPIException | IOException e) {
            throw failure("cannot fetch " + ref + " of " + shownUrl, e);
        }
    }

    /**
     * {@link #fetchRef} when the remote has {@code ref}; empty when it has not (a merge ref the host
     * has not computed). Asks the remote for its refs first, so a missing ref is told apart from a
     * remote that cannot be reached, which throws.
     */
    public synchronized java.util.Optional<Checkout> fetchRefIfPresent(String ref) throws SourceException {
        if (!ref.startsWith("refs/") || ref.contains("..") || ref.contains(":")) {
            throw new SourceException("not a full ref name: " + ref, null);
        }
        try (Git git = openOrClone()) {
            boolean present = authenticated(git.lsRemote()).setRemote("origin").call().stream()
                    .anyMatch(r -> r.getName().equals(ref));
            if (!present) {
                return java.util.Optional.empty();
            }
        } catch (GitAPIException | IOException e) {
            throw failure("cannot list the refs of " + shownUrl, e);
        }
        return java.util.Optional.of(fetchRef(ref));
    }

    /** The parents of a commit already fetched, in order (a merge commit's second parent is what was merged). */
    public synchronized List<String> parents(String revision) throws SourceException {
        try (Git git = openOrClone(); var walk = new org.eclipse.jgit.revwalk.RevWalk(git.getRepository())) {
            var commit = walk.parseCommit(ObjectId.fromString(revision));
            return java.util.Arrays.stream(commit.getParents()).map(ObjectId::name).toList();
        } catch (GitAPIException | IOException | IllegalArgumentException e) {
            throw failure("cannot read commit " + revision, e instanceof IllegalArgumentException ? new IOException(e) : e);
        }
    }

    private Git openOrClone() throws GitAPIException, IOException {
        return withoutSymlinks(openOrCloneRepository());
    }

    /**
     * Checks out links as plain files holding the link's target (core.symlinks=false), so no
     * commit can make the checkout point at the daemon's own files; the loader refuses links too.
     */
    private static Git withoutSymlinks(Git git) throws IOException {
        StoredConfig config = git.getRepository().getConfig();
        if (config.getBoolean(ConfigConstants.CONFIG_CORE_SECTION, ConfigConstants.CONFIG_KEY_SYMLINKS, true)) {
            config.setBoolean(ConfigConstants.CONFIG_CORE_SECTION, null, ConfigConstants.CONFIG_KEY_SYMLINKS, false);
            config.save();
        }
        return git;
    }

    private Git openOrCloneRepository() throws GitAPIException, IOException {
        if (Files.isDirectory(directory.resolve(".git"))) {
            Git git = Git.open(directory.toFile());
            String configured = git.getRepository().getConfig().getString("remote", "origin", "url");
            if (url.equals(configured)) {
                return git;
            }
            git.close();
            throw new IOException("checkout folder " + directory + " belongs to " + configured + ", not " + shownUrl);
        }
        Files.createDirectories(directory);
        return authenticated(Git.cloneRepository())
                .setURI(url)
                .setDirectory(directory.toFile())
                .setBranchesToClone(List.of("refs/heads/" + branch))
                .setBranch("refs/heads/" + branch)
                .setNoCheckout(true)
                .call();
    }

    /** Credentials for HTTP, this source's own SSH session factory for SSH; nothing for local repositories. */
    private <C extends TransportCommand<C, ?>> C authenticated(C command) {
        if (kind == Kind.HTTP && auth.token() != null) {
            command.setCredentialsProvider(new UsernamePasswordCredentialsProvider(auth.username(), auth.token().reveal()));
        }
        if (ssh != null) {
            command.setTransportConfigCallback(transport -> {
                if (transport instanceof SshTransport sshTransport) {
                    sshTransport.setSshSessionFactory(ssh);
                }
            });
        }
        return command;
    }

    /**
     * A source error that says what to check when the server refused us, and never holds the
     * token. The cause is dropped should any of its messages hold it (JGit's texts are not ours,
     * and a log line prints the whole chain).
     */
    private SourceException failure(String what, Exception e) {
        String messages = messages(e);
        String refusal = refusal(messages);
        String message = refusal != null ? refusal : what + ": " + e.getMessage();
        boolean leaks = !mask(messages).equals(messages);
        return new SourceException(mask(message), leaks ? null : e);
    }

    /** The clear reason when the server refused our credentials or we refused its host key; null otherwise. */
    private String refusal(String messages) {
        String lower = messages.toLowerCase(Locale.ROOT);
        if (kind == Kind.HTTP && (lower.contains("not authorized") || lower.contains("authentication is required"))) {
            return "authentication failed for " + shownUrl + ": check rambla.git.token (or rambla.git.token-file) and rambla.git.username";
        }
        if (kind == Kind.SSH && lower.contains("server key did not validate")) {
            return "host key of " + shownUrl + " not trusted: add it to rambla.git.ssh-known-hosts-file (ssh-keyscan -p PORT HOST)";
        }
        if (kind == Kind.SSH && (lower.contains("cannot log in") || lower.contains("no more authentication methods"))) {
            return "authentication failed for " + shownUrl + ": check rambla.git.ssh-key-file and that its public key may read the repository";
        }
        return null;
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }

    private String mask(String text) {
        String masked = text;
        if (auth.token() != null) {
            masked = masked.replace(auth.token().reveal(), Secret.MASK);
        }
        if (urlPassword != null) {
            masked = masked.replace(urlPassword, Secret.MASK);
        }
        return masked;
    }

    private static URIish parse(String url) {
        try {
            return new URIish(url);
        } catch (URISyntaxException e) {
            return null; // JGit reports the bad URL on the first fetch.
        }
    }

    private static Kind kindOf(String url) {
        URIish uri = parse(url);
        if (uri != null) {
            String scheme = uri.getScheme();
            if ("http".equals(scheme) || "https".equals(scheme)) {
                return Kind.HTTP;
            }
            if (scheme == null ? uri.getHost() != null : scheme.contains("ssh")) {
                return Kind.SSH;
            }
        }
        return Kind.LOCAL;
    }
}

package io.rambla.source;

import io.rambla.secret.Secret;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How {@link JGitSource} proves who it is to the remote: a token for {@code https://} URLs and a
 * private key for {@code ssh://} ones. Each is used only with its own kind of URL, so a token is
 * never offered to an SSH server nor a key to a web server.
 *
 * @param username               the user sent with the token; GitHub accepts any, by convention {@code x-access-token}
 * @param token                  the password of HTTP basic authentication; null for none
 * @param sshKeyFile             a private key in OpenSSH format (ed25519 or RSA, no passphrase); null for
 *                               JGit's defaults ({@code ~/.ssh})
 * @param sshKnownHostsFile      the host keys SSH servers must present; null for none known
 * @param strictHostKeyChecking  refuse servers whose key is not in {@code sshKnownHostsFile}; when false,
 *                               any host key is accepted
 */
public record GitAuth(String username, Secret token, Path sshKeyFile, Path sshKnownHostsFile, boolean strictHostKeyChecking) {

    public static final String DEFAULT_USERNAME = "x-access-token";

    public GitAuth {
        Objects.requireNonNull(username, "username");
    }

    /** No credentials: only public repositories and file URLs can be read. */
    public static GitAuth none() {
        return new GitAuth(DEFAULT_USERNAME, null, null, null, true);
    }

    public static GitAuth token(String username, Secret token) {
        return new GitAuth(username, token, null, null, true);
    }

    public static GitAuth sshKey(Path keyFile, Path knownHostsFile, boolean strictHostKeyChecking) {
        return new GitAuth(DEFAULT_USERNAME, null, keyFile, knownHostsFile, strictHostKeyChecking);
    }
}

package io.rambla.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import io.rambla.source.GitAuth;
import io.rambla.githost.github.GitHubConfig;
import io.rambla.secret.Secret;
import jakarta.validation.constraints.NotBlank;
import java.net.URI;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * How Rambla authenticates to its repository ({@code rambla.git.*} next to {@link GitConfig}):
 * a token for {@code https://} URLs, a private key for {@code ssh://} ones.
 *
 * @param username                  the user sent with the token; GitHub's convention is {@code x-access-token}
 * @param token                     the token, as the password of HTTP basic authentication; prefer {@code tokenFile}
 * @param tokenFile                 a file holding the token (a mounted secret), read at start
 * @param sshKeyFile                a private key in OpenSSH format (ed25519 or RSA, without passphrase)
 * @param sshKey                    the same key given as text (a secret ECS puts in the environment); kept in a file only this user can read
 * @param sshKnownHostsFile         the server's host key in {@code known_hosts} format
 * @param sshKnownHosts             the same given as text
 * @param sshStrictHostKeyChecking  refuse servers whose key is not in {@code sshKnownHostsFile}
 */
@ConfigurationProperties("rambla.git")
public record GitAuthConfig(
        @Bindable(defaultValue = GitAuth.DEFAULT_USERNAME) @NotBlank String username,
        @Nullable String token,
        @Nullable String tokenFile,
        @Nullable String sshKeyFile,
        @Nullable String sshKey,
        @Nullable String sshKnownHostsFile,
        @Nullable String sshKnownHosts,
        @Bindable(defaultValue = "true") boolean sshStrictHostKeyChecking) {

    /**
     * The credentials to fetch {@code url} with. The inline token wins over the file; with
     * neither, an {@code https://} URL on the GitHub host that {@code rambla.github.*} reports to
     * is fetched with that token. Throws a {@link ConfigurationException} naming the property at
     * fault, so a bad setting stops the daemon at start rather than failing every poll.
     */
    public GitAuth auth(String url, @Nullable GitHubConfig github) {
        Secret secret = ownToken();
        if (secret == null && isHttps(url) && github != null && sameHost(url, github.apiUrl())) {
            secret = gitHubToken(github);
        }
        Path key = fileOrText("rambla.git.ssh-key", sshKeyFile, sshKey);
        Path knownHosts = fileOrText("rambla.git.ssh-known-hosts", sshKnownHostsFile, sshKnownHosts);
        if (key != null && knownHosts == null && sshStrictHostKeyChecking) {
            throw new ConfigurationException("rambla.git.ssh-key-file is set but rambla.git.ssh-known-hosts-file is not: "
                    + "every SSH server would be refused as unknown. Give the server's host key "
                    + "(ssh-keyscan HOST > known_hosts) or, on a trusted network only, set rambla.git.ssh-strict-host-key-checking=false");
        }
        return new GitAuth(username.strip(), secret, key, knownHosts, sshStrictHostKeyChecking);
    }

    private Secret ownToken() {
        if (present(token)) {
            return Secret.of(token.strip());
        }
        if (present(tokenFile)) {
            return fromFile("rambla.git.token-file", tokenFile);
        }
        return null;
    }

    private static Secret gitHubToken(GitHubConfig github) {
        if (present(github.token())) {
            return Secret.of(github.token().strip());
        }
        return present(github.tokenFile()) ? fromFile("rambla.github.token-file", github.tokenFile()) : null;
    }

    private static Secret fromFile(String property, String file) {
        try {
            return Secret.fromFile(Path.of(file));
        } catch (IllegalStateException e) {
            throw new ConfigurationException(property + ": " + e.getMessage());
        }
    }

    /** The file of {@code <property>-file}, or the text of {@code <property>} written to a private file. */
    private static Path fileOrText(String property, String file, String text) {
        if (present(text)) {
            if (present(file)) {
                throw new ConfigurationException(property + " and " + property + "-file are both set: give one");
            }
            return privateFile(property, text);
        }
        return readableFile(property + "-file", file);
    }

    private static Path privateFile(String property, String text) {
        try {
            Path path = Files.createTempFile("rambla-git-", ".txt",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            path.toFile().deleteOnExit();
            // Environment variables and YAML may lose the key's last newline; OpenSSH needs it.
            return Files.writeString(path, text.endsWith("\n") ? text : text + "\n");
        } catch (IOException | UnsupportedOperationException e) {
            throw new ConfigurationException(property + ": cannot be kept in a private file: " + e.getMessage());
        }
    }

    private static Path readableFile(String property, String file) {
        if (!present(file)) {
            return null;
        }
        Path path = Path.of(file.strip());
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new ConfigurationException(property + ": " + path + " is not a readable file");
        }
        return path;
    }

    private static boolean isHttps(String url) {
        return url != null && url.regionMatches(true, 0, "https://", 0, "https://".length());
    }

    /** The git host of a REST API: {@code github.com} for {@code api.github.com}, HOST for {@code https://HOST/api/v3}. */
    private static boolean sameHost(String gitUrl, String apiUrl) {
        try {
            String gitHost = URI.create(gitUrl).getHost();
            String apiHost = URI.create(apiUrl).getHost();
            if (gitHost == null || apiHost == null) {
                return false;
            }
            String webHost = apiHost.equalsIgnoreCase("api.github.com") ? "github.com" : apiHost;
            return gitHost.equalsIgnoreCase(webHost);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    /** The token is masked: this record ends up in logs and error messages. */
    @Override
    public String toString() {
        return "GitAuthConfig[username=" + username + ", token=" + (token == null ? null : Secret.MASK)
                + ", tokenFile=" + tokenFile + ", sshKeyFile=" + sshKeyFile + ", sshKey=" + (sshKey == null ? null : Secret.MASK)
                + ", sshKnownHostsFile=" + sshKnownHostsFile
                + ", sshStrictHostKeyChecking=" + sshStrictHostKeyChecking + "]";
    }
}

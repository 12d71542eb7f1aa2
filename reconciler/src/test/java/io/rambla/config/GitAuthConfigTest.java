package io.rambla.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.exceptions.ConfigurationException;
import io.rambla.source.GitAuth;
import io.rambla.githost.github.GitHubConfig;
import io.rambla.secret.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which credentials a repository URL is fetched with, and which settings stop the daemon at start. */
class GitAuthConfigTest {

    private static final String GITHUB_URL = "https://github.com/acme/infra.git";

    @TempDir
    Path temp;

    @Test
    void anInlineTokenWinsOverTheFileAndGoesWithTheGitHubUser() throws Exception {
        Path file = Files.writeString(temp.resolve("token"), "ghp_from_file\n");

        GitAuth auth = config("ghp_inline", file.toString(), null, null, true).auth(GITHUB_URL, github(null));

        assertThat(auth.token()).isEqualTo(Secret.of("ghp_inline"));
        assertThat(auth.username()).isEqualTo("x-access-token");
    }

    @Test
    void theTokenFileIsReadWithoutItsTrailingNewline() throws Exception {
        Path file = Files.writeString(temp.resolve("token"), "ghp_from_file\n");

        assertThat(config(null, file.toString(), null, null, true).auth(GITHUB_URL, github(null)).token())
                .isEqualTo(Secret.of("ghp_from_file"));
    }

    @Test
    void withoutAGitTokenAGitHubUrlIsFetchedWithTheGitHubToken() {
        assertThat(none().auth(GITHUB_URL, github("ghp_github")).token()).isEqualTo(Secret.of("ghp_github"));
    }

    @Test
    void theGitHubTokenIsOfferedToTheEnterpriseServerItIsConfiguredFor() {
        var enterprise = new GitHubConfig("https://ghe.example.com/api/v3", "acme/infra", "ghp_ghe", null, null, "http://127.0.0.1:8080", 1024);

        assertThat(none().auth("https://ghe.example.com/acme/infra.git", enterprise).token()).isEqualTo(Secret.of("ghp_ghe"));
    }

    @Test
    void theGitHubTokenIsNeverOfferedToAnotherHostNorOverSshNorOverPlainHttp() {
        assertThat(none().auth("https://gitlab.com/acme/infra.git", github("ghp_github")).token()).isNull();
        assertThat(none().auth("ssh://git@github.com/acme/infra.git", github("ghp_github")).token()).isNull();
        assertThat(none().auth("http://github.com/acme/infra.git", github("ghp_github")).token()).isNull();
    }

    @Test
    void aKeyWithoutKnownHostsStopsTheStartUnlessHostKeyCheckingIsOff() throws Exception {
        Path key = Files.writeString(temp.resolve("id_ed25519"), "key");

        assertThatThrownBy(() -> config(null, null, key.toString(), null, true).auth("ssh://git@github.com/acme/infra.git", github(null)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("rambla.git.ssh-known-hosts-file")
                .hasMessageContaining("rambla.git.ssh-strict-host-key-checking=false");
        assertThat(config(null, null, key.toString(), null, false).auth("ssh://git@github.com/acme/infra.git", github(null)).sshKeyFile())
                .isEqualTo(key);
    }

    @Test
    void aKeyFileThatCannotBeReadStopsTheStart() {
        assertThatThrownBy(() -> config(null, null, temp.resolve("missing").toString(), null, false).auth("ssh://git@host/r.git", github(null)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("rambla.git.ssh-key-file: ");
    }

    @Test
    void aKeyGivenAsTextIsKeptInAFileOnlyThisUserCanRead() throws Exception {
        var config = new GitAuthConfig("x-access-token", null, null, null, "-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----",
                null, "[git.example.com]:22 ssh-ed25519 AAAA", true);

        GitAuth auth = config.auth("ssh://git@git.example.com/acme/infra.git", github(null));

        assertThat(Files.readString(auth.sshKeyFile())).isEqualTo("-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----\n");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(auth.sshKeyFile()))).isEqualTo("rw-------");
        assertThat(Files.readString(auth.sshKnownHostsFile())).isEqualTo("[git.example.com]:22 ssh-ed25519 AAAA\n");
        assertThat(config.toString()).doesNotContain("abc");
    }

    @Test
    void aKeyGivenBothAsTextAndAsAFileStopsTheStart() throws Exception {
        Path key = Files.writeString(temp.resolve("id_ed25519"), "key");
        var config = new GitAuthConfig("x-access-token", null, null, key.toString(), "key text", null, null, false);

        assertThatThrownBy(() -> config.auth("ssh://git@host/r.git", github(null)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("rambla.git.ssh-key and rambla.git.ssh-key-file are both set: give one");
    }

    @Test
    void theTokenIsMaskedWhenTheConfigurationIsPrinted() {
        assertThat(config("ghp_secret", null, null, null, true).toString()).doesNotContain("ghp_secret").contains("token=****");
    }

    @Test
    void theDaemonFetchesWithTheGitHubTokenWhenOnlyThatIsConfigured() {
        try (var context = ApplicationContext.run(Map.of(
                "rambla.git.url", GITHUB_URL,
                "rambla.git.workdir", temp.resolve("checkout").toString(),
                "rambla.github.token", "ghp_wiring"))) {
            assertThat(context.getBean(GitAuth.class).token()).isEqualTo(Secret.of("ghp_wiring"));
            assertThat(context.getBean(GitConfig.class).branch()).isEqualTo("main");
        }
    }

    private static GitAuthConfig none() {
        return config(null, null, null, null, true);
    }

    private static GitAuthConfig config(String token, String tokenFile, String key, String knownHosts, boolean strict) {
        return new GitAuthConfig("x-access-token", token, tokenFile, key, null, knownHosts, null, strict);
    }

    private static GitHubConfig github(String token) {
        return new GitHubConfig("https://api.github.com", "acme/infra", token, null, null, "http://127.0.0.1:8080", 1024);
    }
}

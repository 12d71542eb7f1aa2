package io.rambla.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.rambla.config.GitAuthConfig;
import io.rambla.support.GitFixture;
import io.rambla.support.GitSshServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A private repository over SSH: a real SSH server running git's own upload-pack, read by JGit
 * with keys made by {@code ssh-keygen}, the server's host key checked against a known-hosts file.
 */
class GitSshIT {

    @TempDir
    static Path keys;

    @TempDir
    Path temp;

    private static GitSshServer server;
    private static Path ed25519;
    private static Path rsa;
    private static Path stranger;
    private static Path knownHosts;

    private GitFixture git;

    @BeforeAll
    static void startServer() throws Exception {
        Path hostKey = GitSshServer.generateKey(keys.resolve("host_ed25519"), "ed25519");
        ed25519 = GitSshServer.generateKey(keys.resolve("user/id_ed25519"), "ed25519");
        rsa = GitSshServer.generateKey(keys.resolve("rsa/id_rsa"), "rsa");
        stranger = GitSshServer.generateKey(keys.resolve("stranger/id_ed25519"), "ed25519");
        Path authorized = keys.resolve("authorized_keys");
        Files.writeString(authorized, Files.readString(Path.of(ed25519 + ".pub")) + Files.readString(Path.of(rsa + ".pub")));
        server = GitSshServer.start(hostKey, authorized);
        knownHosts = Files.writeString(keys.resolve("known_hosts"), server.knownHostsLine() + "\n");
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @BeforeEach
    void setUp() throws Exception {
        git = GitFixture.create(temp, "main");
    }

    @AfterEach
    void tearDown() {
        git.close();
    }

    @Test
    void anEd25519KeyClonesAndThenFetchesOnlyWhatIsNew() throws Exception {
        String first = git.commitAndPush("start", Map.of("README.md", "one\n"));
        var source = new JGitSource(url(), "main", temp.resolve("checkout"), GitAuth.sshKey(ed25519, knownHosts, true));

        assertThat(source.fetch().revision()).isEqualTo(first);

        String second = git.commitAndPush("change", Map.of("README.md", "two\n"));
        Checkout checkout = source.fetch();

        assertThat(checkout.revision()).isEqualTo(second);
        assertThat(Files.readString(checkout.directory().resolve("README.md"))).isEqualTo("two\n");
    }

    @Test
    void aKeyAndKnownHostsGivenAsTextAsAnEcsSecretWouldGiveThemCloneToo() throws Exception {
        String first = git.commitAndPush("start", Map.of("README.md", "one\n"));
        // Stripped: an environment variable often loses the key's last newline.
        var config = new GitAuthConfig("x-access-token", null, null, null, Files.readString(ed25519).strip(),
                null, Files.readString(knownHosts).strip(), true);
        var source = new JGitSource(url(), "main", temp.resolve("checkout"), config.auth(url(), null));

        assertThat(source.fetch().revision()).isEqualTo(first);
    }

    @Test
    void anRsaKeyWorksToo() throws Exception {
        String first = git.commitAndPush("start", Map.of("README.md", "one\n"));
        var source = new JGitSource(url(), "main", temp.resolve("checkout"), GitAuth.sshKey(rsa, knownHosts, true));

        assertThat(source.fetch().revision()).isEqualTo(first);
    }

    @Test
    void aServerWhoseHostKeyIsNotKnownIsRefused() throws Exception {
        git.commitAndPush("start", Map.of("README.md", "one\n"));
        Path otherHosts = Files.writeString(temp.resolve("known_hosts"),
                server.knownHostsLine().replace("[127.0.0.1]", "[git.example.com]") + "\n");
        var source = new JGitSource(url(), "main", temp.resolve("checkout"), GitAuth.sshKey(ed25519, otherHosts, true));

        assertThat(catchThrowableOfType(SourceException.class, source::fetch))
                .hasMessageStartingWith("host key of " + url() + " not trusted");
        assertThat(temp.resolve("checkout/.git/refs/remotes/origin/main")).doesNotExist();
    }

    @Test
    void aServerPresentingAnotherKeyThanTheKnownOneIsRefused() throws Exception {
        git.commitAndPush("start", Map.of("README.md", "one\n"));
        String[] impostor = Files.readString(Path.of(stranger + ".pub")).split(" ");
        Path changed = Files.writeString(temp.resolve("known_hosts"),
                server.knownHostsLine().split(" ")[0] + " " + impostor[0] + " " + impostor[1] + "\n");
        var source = new JGitSource(url(), "main", temp.resolve("checkout"), GitAuth.sshKey(ed25519, changed, true));

        assertThat(catchThrowableOfType(SourceException.class, source::fetch))
                .hasMessageStartingWith("host key of " + url() + " not trusted");
    }

    @Test
    void withoutHostKeyCheckingAnUnknownServerIsAccepted() throws Exception {
        String first = git.commitAndPush("start", Map.of("README.md", "one\n"));
        var source = new JGitSource(url(), "main", temp.resolve("checkout"), GitAuth.sshKey(ed25519, null, false));

        assertThat(source.fetch().revision()).isEqualTo(first);
    }

    @Test
    void aKeyTheServerDoesNotKnowIsAnAuthenticationFailure() throws Exception {
        git.commitAndPush("start", Map.of("README.md", "one\n"));
        var source = new JGitSource(url(), "main", temp.resolve("checkout"), GitAuth.sshKey(stranger, knownHosts, true));

        assertThat(catchThrowableOfType(SourceException.class, source::fetch))
                .hasMessage("authentication failed for " + url()
                        + ": check rambla.git.ssh-key-file and that its public key may read the repository");
    }

    @Test
    void twoSourcesInOneJvmEachUseTheirOwnKey() throws Exception {
        String first = git.commitAndPush("start", Map.of("README.md", "one\n"));
        var allowed = new JGitSource(url(), "main", temp.resolve("allowed"), GitAuth.sshKey(ed25519, knownHosts, true));
        var refused = new JGitSource(url(), "main", temp.resolve("refused"), GitAuth.sshKey(stranger, knownHosts, true));

        assertThat(allowed.fetch().revision()).isEqualTo(first);
        assertThat(catchThrowableOfType(SourceException.class, refused::fetch)).hasMessageStartingWith("authentication failed");
        assertThat(allowed.fetch().revision()).isEqualTo(first);
    }

    private String url() {
        return server.url(git.bareRepository());
    }
}

package io.rambla.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.rambla.secret.Secret;
import io.rambla.support.GitFixture;
import io.rambla.support.GitHttpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A private repository over HTTP: git's own {@code git http-backend} behind basic authentication,
 * read by JGit with a token, as Rambla reads GitHub. Plain http on 127.0.0.1: TLS would wrap the
 * same {@code Authorization} header and changes nothing about the credentials.
 */
class GitHttpsIT {

    private static final String TOKEN = "ghp_rightTokenNeverLogged1234";
    private static final String WRONG_TOKEN = "ghp_wrongTokenNeverLogged5678";

    @TempDir
    Path temp;

    private GitFixture git;
    private GitHttpServer server;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger jgit = (Logger) LoggerFactory.getLogger("org.eclipse.jgit");

    @BeforeEach
    void setUp() throws Exception {
        git = GitFixture.create(temp, "main");
        server = GitHttpServer.start(git.bareRepository().getParent(), GitAuth.DEFAULT_USERNAME, TOKEN);
        logs.start();
        root.addAppender(logs);
        jgit.setLevel(Level.DEBUG);
    }

    @AfterEach
    void tearDown() {
        jgit.setLevel(null);
        root.detachAppender(logs);
        server.close();
        git.close();
    }

    @Test
    void theRightTokenClonesAndThenFetchesOnlyWhatIsNew() throws Exception {
        String first = git.commitAndPush("start", Map.of("README.md", "one\n"));
        var source = new JGitSource(server.url("infra.git"), "main", temp.resolve("checkout"),
                GitAuth.token(GitAuth.DEFAULT_USERNAME, Secret.of(TOKEN)));

        assertThat(source.fetch().revision()).isEqualTo(first);

        String second = git.commitAndPush("change", Map.of("README.md", "two\n", "new.txt", "x\n"));
        Checkout checkout = source.fetch();

        assertThat(checkout.revision()).isEqualTo(second);
        assertThat(Files.readString(checkout.directory().resolve("README.md"))).isEqualTo("two\n");
        assertThat(checkout.directory().resolve("new.txt")).exists();
        assertThat(loggedText()).doesNotContain(TOKEN);
    }

    @Test
    void aPullRequestRefIsFetchedWithTheSameToken() throws Exception {
        git.commitAndPush("start", Map.of("README.md", "main\n"));
        String head = git.commitAndPushTo("refs/pull/3/head", "change", Map.of("README.md", "pr\n"));
        var pulls = new JGitSource(server.url("infra.git"), "main", temp.resolve("pulls"),
                GitAuth.token(GitAuth.DEFAULT_USERNAME, Secret.of(TOKEN)));

        assertThat(pulls.fetchRef("refs/pull/3/head").revision()).isEqualTo(head);
    }

    @Test
    void aWrongTokenIsAnAuthenticationFailureThatNeverShowsTheToken() throws Exception {
        git.commitAndPush("start", Map.of("README.md", "one\n"));
        var source = new JGitSource(server.url("infra.git"), "main", temp.resolve("checkout"),
                GitAuth.token(GitAuth.DEFAULT_USERNAME, Secret.of(WRONG_TOKEN)));

        SourceException failure = catchThrowableOfType(SourceException.class, source::fetch);

        assertThat(failure).hasMessage("authentication failed for " + server.url("infra.git")
                + ": check rambla.git.token (or rambla.git.token-file) and rambla.git.username");
        assertThat(stackTrace(failure)).doesNotContain(WRONG_TOKEN).doesNotContain(TOKEN);
        assertThat(loggedText()).doesNotContain(WRONG_TOKEN).doesNotContain(TOKEN);
    }

    @Test
    void noTokenForAPrivateRepositoryIsAnAuthenticationFailureToo() throws Exception {
        git.commitAndPush("start", Map.of("README.md", "one\n"));
        var source = new JGitSource(server.url("infra.git"), "main", temp.resolve("checkout"));

        assertThat(catchThrowableOfType(SourceException.class, source::fetch))
                .hasMessageStartingWith("authentication failed for " + server.url("infra.git"));
    }

    @Test
    void aTokenWrittenIntoTheUrlIsMaskedInErrors() throws Exception {
        git.commitAndPush("start", Map.of("README.md", "one\n"));
        String url = server.url("infra.git").replace("http://", "http://x-access-token:" + WRONG_TOKEN + "@");
        var source = new JGitSource(url, "main", temp.resolve("checkout"));

        SourceException failure = catchThrowableOfType(SourceException.class, source::fetch);

        assertThat(failure).hasMessageContaining("authentication failed");
        assertThat(stackTrace(failure)).doesNotContain(WRONG_TOKEN);
        assertThat(loggedText()).doesNotContain(WRONG_TOKEN);
    }

    private String loggedText() {
        return logs.list.stream()
                .map(e -> e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy())))
                .collect(Collectors.joining("\n"));
    }

    private static String stackTrace(Throwable failure) {
        var text = new StringWriter();
        failure.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}

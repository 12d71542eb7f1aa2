package io.rambla.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rambla.support.GitFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pull request's head is fetched by its ref into a checkout of its own; the branch is not touched. */
class JGitSourceFetchRefTest {

    @TempDir
    Path temp;

    private GitFixture git;

    @BeforeEach
    void setUp() throws Exception {
        git = GitFixture.create(temp, "main");
    }

    @AfterEach
    void tearDown() {
        git.close();
    }

    @Test
    void aPullRequestRefIsCheckedOutWithItsOwnFilesWhileTheBranchKeepsItsHead() throws Exception {
        String main = git.commitAndPush("start", Map.of("README.md", "main\n"));
        String head = git.commitAndPushTo("refs/pull/7/head", "change", Map.of("README.md", "pull request\n", "new.txt", "x\n"));
        JGitSource pulls = new JGitSource(git.url(), "main", temp.resolve("pulls"));

        Checkout checkout = pulls.fetchRef("refs/pull/7/head");

        assertThat(checkout.revision()).isEqualTo(head);
        assertThat(Files.readString(checkout.directory().resolve("README.md"))).isEqualTo("pull request\n");
        assertThat(new JGitSource(git.url(), "main", temp.resolve("sync")).fetch().revision()).isEqualTo(main);
    }

    @Test
    void aLaterFetchOfAnotherRefLeavesNoFileOfTheEarlierOne() throws Exception {
        git.commitAndPush("start", Map.of("README.md", "main\n"));
        git.commitAndPushTo("refs/pull/7/head", "add", Map.of("seven.txt", "7\n"));
        String eight = git.commitAndPushTo("refs/pull/8/head", "other", Map.of("eight.txt", "8\n"));
        JGitSource pulls = new JGitSource(git.url(), "main", temp.resolve("pulls"));
        pulls.fetchRef("refs/pull/7/head");

        Checkout checkout = pulls.fetchRef("refs/pull/8/head");

        assertThat(checkout.revision()).isEqualTo(eight);
        assertThat(checkout.directory().resolve("seven.txt")).doesNotExist();
        assertThat(checkout.directory().resolve("eight.txt")).exists();
    }

    @Test
    void aRefThatDoesNotExistIsASourceError() throws Exception {
        git.commitAndPush("start", Map.of("README.md", "main\n"));
        JGitSource pulls = new JGitSource(git.url(), "main", temp.resolve("pulls"));

        assertThatThrownBy(() -> pulls.fetchRef("refs/pull/99/head")).isInstanceOf(SourceException.class).hasMessageContaining("refs/pull/99/head");
        assertThatThrownBy(() -> pulls.fetchRef("main:evil")).isInstanceOf(SourceException.class);
    }

    @Test
    void aSymlinkInAPullRequestIsCheckedOutAsAPlainFileHoldingItsTargetNeverAsALink() throws Exception {
        git.commitAndPush("start", Map.of("README.md", "main\n"));
        Path secret = Files.writeString(temp.resolve("token"), "ghp_secret\n");
        Files.createDirectories(git.workTree().resolve("districts"));
        Files.createSymbolicLink(git.workTree().resolve("districts/leak.yml"), secret);
        try (org.eclipse.jgit.api.Git work = org.eclipse.jgit.api.Git.open(git.workTree().toFile())) {
            work.add().addFilepattern("districts/leak.yml").call();
        }
        git.commitAndPushTo("refs/pull/9/head", "leak", Map.of("README.md", "leak\n"));
        JGitSource pulls = new JGitSource(git.url(), "main", temp.resolve("pulls"));

        Checkout checkout = pulls.fetchRef("refs/pull/9/head");

        Path leak = checkout.directory().resolve("districts/leak.yml");
        assertThat(Files.isSymbolicLink(leak)).isFalse();
        assertThat(Files.readString(leak)).isEqualTo(secret.toString()).doesNotContain("ghp_");
        assertThat(new JGitSource(git.url(), "main", temp.resolve("sync")).fetch().directory().resolve("districts/leak.yml"))
                .doesNotExist();
    }
}

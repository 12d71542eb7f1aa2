package io.rambla.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JGitSourceUrlTest {

    @Test
    void aPasswordWrittenIntoTheUrlIsNeverShown() {
        assertThat(JGitSource.shown("https://bot:ghp_s3cret@github.com/acme/infra.git"))
                .doesNotContain("ghp_s3cret").contains("github.com/acme/infra.git");
    }

    @Test
    void urlsWithoutAPasswordAreShownAsGiven() {
        assertThat(JGitSource.shown("ssh://git@github.com/acme/infra.git")).isEqualTo("ssh://git@github.com/acme/infra.git");
        assertThat(JGitSource.shown("/srv/git/infra")).isEqualTo("/srv/git/infra");
    }
}

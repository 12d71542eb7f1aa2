package io.rambla.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RepositoryIdTest {

    @Test
    void aUrlLosesItsCredentialsQueryAndFragment() {
        assertThat(RepositoryId.fromUrl("https://x-access-token:ghp_abcdef123456@github.com/team/infra.git?x=1#frag").value())
                .isEqualTo("https://github.com/team/infra.git");
        assertThat(RepositoryId.fromUrl("https://oauth2:glpat-secret@gitlab.example.com:8443/team/infra").value())
                .isEqualTo("https://gitlab.example.com:8443/team/infra");
        assertThat(RepositoryId.fromUrl("ssh://git@github.com/team/infra.git").value()).isEqualTo("ssh://github.com/team/infra.git");
        assertThat(RepositoryId.fromUrl("git@github.com:team/infra.git").value()).isEqualTo("git@github.com:team/infra.git");
        assertThat(RepositoryId.fromUrl("deploy:s3cret@host:team/infra.git").value()).isEqualTo("deploy@host:team/infra.git");
        assertThat(RepositoryId.fromUrl("file:///srv/git/infra.git").value()).isEqualTo("file:///srv/git/infra.git");
    }

    @Test
    void aPasswordWithCharactersAUriRefusesIsDroppedToo() {
        assertThat(RepositoryId.fromUrl("https://user:p@ss w%rd@host/x.git").value()).isEqualTo("https://host/x.git");
    }

    @Test
    void charactersATagCannotHoldAreReplacedAndLongUrlsKeepTheirEndAndAHash() {
        assertThat(RepositoryId.fromUrl("https://host/team/infra~1.git").value()).isEqualTo("https://host/team/infra_1.git");
        String longUrl = "https://host/" + "a".repeat(400) + "/infra.git";
        var id = RepositoryId.fromUrl(longUrl);
        assertThat(id.value()).hasSize(256).endsWith("/infra.git");
        assertThat(RepositoryId.fromUrl("https://host/" + "b".repeat(400) + "/infra.git")).isNotEqualTo(id);
    }

    @Test
    void aConfiguredIdWinsAndMustBeAValidTagValue() {
        assertThat(RepositoryId.of("team-infra", "https://host/x.git").value()).isEqualTo("team-infra");
        assertThat(RepositoryId.of("  ", "https://host/x.git").value()).isEqualTo("https://host/x.git");
        assertThatThrownBy(() -> RepositoryId.of("a{b}", "https://host/x.git")).hasMessageStartingWith("rambla.repository-id:");
        assertThatThrownBy(() -> RepositoryId.of("x".repeat(257), "https://host/x.git")).hasMessageContaining("rambla.repository-id");
        assertThatThrownBy(() -> RepositoryId.of(null, null)).hasMessageContaining("rambla.git.url");
    }
}

package io.rambla.status.github;

import io.rambla.githost.GitHost;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rambla.plan.PullRequestPlan;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each host's comment limit: the plan comment is cut to it, and only to it, at a whole character. */
class CommentLimitTest {

    private static final String HEAD = "c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6";

    /** Fifty errors of 2,000 characters each: about 100,000 characters of comment. */
    private static PullRequestPlan longPlan(String unit) {
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            errors.add("districts/main.yml:" + i + ":1: " + unit.repeat(2_000 / unit.length()));
        }
        return new PullRequestPlan(HEAD, List.of(), errors);
    }

    @Test
    void gitHubCutsAtSixtyThousandCharactersAndGitLabKeepsTheWholePlan() {
        String github = PullRequestComment.render(longPlan("x"));
        String gitlab = PullRequestComment.render(longPlan("x"), GitHost.CommentLimit.chars(1_000_000));

        assertThat(github).hasSizeLessThanOrEqualTo(60_000).endsWith(PullRequestComment.CUT_NOTE);
        assertThat(gitlab).hasSizeGreaterThan(100_000).doesNotContain("(cut:");
    }

    @Test
    void aByteLimitCutsWideTextWithoutSplittingACharacter() {
        var limit = new GitHost.CommentLimit(60_000, 65_000);
        String emoji = PullRequestComment.render(longPlan("🚀"), limit);
        String cjk = PullRequestComment.render(longPlan("界"), limit);

        for (String text : List.of(emoji, cjk)) {
            assertThat(text.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(65_000).isGreaterThan(60_000);
            assertThat(text).endsWith(PullRequestComment.CUT_NOTE);
            String beforeNote = text.substring(0, text.length() - PullRequestComment.CUT_NOTE.length());
            assertThat(Character.isHighSurrogate(beforeNote.charAt(beforeNote.length() - 1))).isFalse();
        }
    }

    @Test
    void aLimitTooSmallForAPlanIsRefused() {
        assertThatThrownBy(() -> GitHost.CommentLimit.chars(10)).isInstanceOf(IllegalArgumentException.class);
    }
}

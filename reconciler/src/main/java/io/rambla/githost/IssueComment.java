package io.rambla.githost;

/** A comment on an issue or pull request, as far as Rambla needs it; {@code htmlUrl} is its page on GitHub. */
public record IssueComment(long id, String body, String htmlUrl) {
}

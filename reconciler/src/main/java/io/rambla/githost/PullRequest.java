package io.rambla.githost;

/** An open pull request: its number and the commit at its head. */
public record PullRequest(int number, String headSha) {
}

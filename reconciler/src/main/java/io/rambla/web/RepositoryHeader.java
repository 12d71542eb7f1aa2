package io.rambla.web;

import io.micronaut.context.annotation.Value;
import io.rambla.source.Checkout;
import io.rambla.source.FetchListener;
import io.rambla.source.HeadCommit;
import io.rambla.source.JGitSource;
import io.rambla.status.SyncListener;
import io.rambla.status.UnitStatus;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the status page's header says about the repository: which one and which branch is
 * followed, the commit the last fetch found, when that was or since when fetching fails, whether
 * a sync runs, and when the next poll is due. Told by the fetches and the syncs as they happen.
 */
@Singleton
public class RepositoryHeader implements FetchListener, SyncListener {

    /** What the header shows, at one moment. */
    public record View(String repository, String branch, Optional<HeadCommit> head, Optional<String> commitUrl,
            Optional<Instant> lastFetch, Optional<String> fetchError, Optional<Instant> failingSince, boolean syncing,
            Optional<Instant> nextPoll) {}

    private static final Pattern SCP_LIKE = Pattern.compile("^(?:[^@/]+@)?([^:/]+):(?!//)(.+)$");

    private final String repository;
    private final String url;
    private final String branch;
    private final Duration pollInterval;
    private final Clock clock;
    private volatile HeadCommit head;
    private volatile Instant lastFetch;
    private volatile String fetchError;
    private volatile Instant failingSince;
    private volatile String syncing;

    public RepositoryHeader(@Value("${rambla.git.url:}") String url, @Value("${rambla.git.branch:main}") String branch,
            @Value("${rambla.git.poll-interval:30s}") Duration pollInterval) {
        this(url, branch, pollInterval, Clock.systemUTC());
    }

    RepositoryHeader(String url, String branch, Duration pollInterval, Clock clock) {
        this.url = url;
        this.repository = url.isBlank() ? "" : JGitSource.shown(url);
        this.branch = branch;
        this.pollInterval = pollInterval;
        this.clock = clock;
    }

    @Override
    public void fetched(Duration took, boolean succeeded) {}

    @Override
    public void fetchedCommit(Checkout checkout) {
        HeadCommit known = head;
        if (known == null || !known.revision().equals(checkout.revision())) {
            head = HeadCommit.read(checkout.directory(), checkout.revision())
                    .orElse(new HeadCommit(checkout.revision(), null, null, null));
        }
        lastFetch = clock.instant();
        fetchError = null;
        failingSince = null;
    }

    @Override
    public void fetchFailed(String error) {
        Instant now = clock.instant();
        if (failingSince == null) {
            failingSince = now;
        }
        fetchError = error;
        lastFetch = now;
    }

    @Override
    public void syncStarted(String revision, List<String> unitIds) {
        syncing = revision;
    }

    @Override
    public void syncFinished(String revision, List<UnitStatus> units) {
        syncing = null;
    }

    public View view() {
        HeadCommit commit = head;
        Instant fetched = lastFetch;
        return new View(repository, branch, Optional.ofNullable(commit),
                Optional.ofNullable(commit).flatMap(c -> commitUrl(url, c.revision())),
                Optional.ofNullable(fetched), Optional.ofNullable(fetchError), Optional.ofNullable(failingSince), syncing != null,
                Optional.ofNullable(fetched).map(at -> at.plus(pollInterval)));
    }

    /**
     * The commit's page on its git host, for https and scp-like ({@code git@host:org/repo.git})
     * URLs of hosts that serve {@code /commit/<sha>} (GitHub, GitLab, Gitea); empty for anything
     * else, and never with credentials.
     */
    static Optional<String> commitUrl(String url, String revision) {
        if (url == null || url.isBlank() || !revision.matches("[0-9a-f]{7,64}")) {
            return Optional.empty();
        }
        String host;
        String path;
        Matcher scp = SCP_LIKE.matcher(url);
        if (url.startsWith("https://") || url.startsWith("http://") || url.startsWith("ssh://")) {
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            if (uri.getHost() == null || uri.getPath() == null) {
                return Optional.empty();
            }
            host = uri.getHost() + (uri.getScheme().startsWith("http") && uri.getPort() > 0 ? ":" + uri.getPort() : "");
            path = uri.getPath();
        } else if (scp.matches()) {
            host = scp.group(1);
            path = "/" + scp.group(2);
        } else {
            return Optional.empty();
        }
        path = path.replaceAll("/+$", "");
        if (path.toLowerCase(Locale.ROOT).endsWith(".git")) {
            path = path.substring(0, path.length() - 4);
        }
        if (path.isEmpty() || path.equals("/") || !path.matches("[A-Za-z0-9._/~-]+")) {
            return Optional.empty();
        }
        String scheme = url.startsWith("http://") ? "http" : "https";
        return Optional.of(scheme + "://" + host + path + "/commit/" + revision);
    }
}

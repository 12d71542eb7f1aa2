package io.rambla.source;

import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A {@link GitSource} that tells {@link FetchListener}s how long every fetch took, and whether it worked. */
public final class TimedGitSource implements GitSource {

    private static final Logger LOG = LoggerFactory.getLogger(TimedGitSource.class);

    private final GitSource delegate;
    private final List<FetchListener> listeners;

    public TimedGitSource(GitSource delegate, List<FetchListener> listeners) {
        this.delegate = delegate;
        this.listeners = List.copyOf(listeners);
    }

    /** The source itself when nobody listens, so the common path stays as it was. */
    public static GitSource of(GitSource delegate, List<FetchListener> listeners) {
        return listeners.isEmpty() ? delegate : new TimedGitSource(delegate, listeners);
    }

    @Override
    public Checkout fetch() throws SourceException {
        long started = System.nanoTime();
        boolean succeeded = false;
        Checkout checkout = null;
        String error = "the fetch was interrupted";
        try {
            checkout = delegate.fetch();
            succeeded = true;
            return checkout;
        } catch (SourceException e) {
            error = e.getMessage();
            throw e;
        } finally {
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            for (FetchListener listener : listeners) {
                try {
                    listener.fetched(took, succeeded);
                    if (succeeded) {
                        listener.fetchedCommit(checkout);
                    } else {
                        listener.fetchFailed(error);
                    }
                } catch (RuntimeException e) {
                    LOG.warn("fetch listener {} failed", listener.getClass().getSimpleName(), e);
                }
            }
        }
    }
}

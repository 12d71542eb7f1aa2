package io.rambla.review;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.rambla.apply.RegionalStacks;
import io.rambla.apply.StackApplier;
import io.rambla.config.ApplyConfig;
import io.rambla.config.GitConfig;
import io.rambla.plan.RepositoryId;
import io.rambla.plan.ReviewApps;
import io.rambla.retry.Backoff;
import io.rambla.source.GitAuth;
import io.rambla.source.JGitSource;
import io.rambla.githost.GitHost;
import io.rambla.githost.GitHostConfigured;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Review apps in the daemon, when {@code rambla.review-apps.enabled} is true: {@link PullRequestReviewer}
 * runs {@link #reconcile} on its worker after each plan, close and label change, on each poll and
 * once at start (which sweeps what closed or expired while the daemon was down). Plan-only daemons
 * ({@code rambla.apply.plan-only}) deploy no review apps.
 */
@Singleton
@Requires(condition = GitHostConfigured.class)
@Requires(property = "rambla.git.url")
@Requires(property = "rambla.review-apps.enabled", value = "true")
public class ReviewAppsService {

    private static final Logger LOG = LoggerFactory.getLogger(ReviewAppsService.class);

    private final ReviewAppsReconciler reconciler;
    private final boolean planOnly;

    @Inject
    public ReviewAppsService(GitConfig git, GitAuth auth, RegionalStacks stacks, GitHost host, RepositoryId repository, ApplyConfig apply,
            @Value("${rambla.review-apps.label:rambla/review-app}") String label,
            @Value("${rambla.review-apps.max-apps:5}") int maxApps,
            @Value("${rambla.review-apps.ttl:72h}") Duration ttl) {
        this(new ReviewAppsReconciler(new JGitSource(git.url(), git.branch(), checkoutDirectory(git), auth),
                new StackApplier(stacks, Backoff.standard(), apply.operationTimeout()), host, repository,
                new ReviewApps.Settings(label, maxApps, ttl), git.branch(), Clock.systemUTC()), apply.planOnly());
    }

    public ReviewAppsService(ReviewAppsReconciler reconciler, boolean planOnly) {
        this.reconciler = reconciler;
        this.planOnly = planOnly;
    }

    /** The label, cap and time to live in force. */
    public ReviewApps.Settings settings() {
        return reconciler.settings();
    }

    /** Next to the pull-request reviewer's checkout: the two fetch different heads at different times. */
    static Path checkoutDirectory(GitConfig git) {
        Path reviews = PullRequestReviewer.checkoutDirectory(git);
        return reviews.resolveSibling(reviews.getFileName() + "-review-apps");
    }

    /** One pass; never throws (what failed is logged, and the next pass tries again). */
    public void reconcile() {
        if (planOnly) {
            LOG.debug("plan-only: no review apps");
            return;
        }
        try {
            reconciler.reconcile();
        } catch (RuntimeException e) {
            LOG.warn("review apps not reconciled: {}", e.getMessage(), e);
        }
    }
}

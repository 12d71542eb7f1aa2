package io.rambla.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.rambla.plan.PruneGuard;

/**
 * The mass-deletion guard ({@code rambla.prune.*}). Whether to prune at all is the repository's
 * choice ({@code prune:} in rambla.yml); how much one sync may delete is the daemon's, so a commit
 * cannot lift the guard that stops it. docs/configuration.md lists the settings.
 *
 * @param maxShare          the share of the repository's stacks one sync may delete, from 0 to 1
 * @param allowMassDeletion lift the guard, for the one sync that is meant to delete more
 */
@ConfigurationProperties("rambla.prune")
public record PruneConfig(
        @Bindable(defaultValue = "0.5") double maxShare,
        @Bindable(defaultValue = "false") boolean allowMassDeletion) {

    /** The guard; a share outside 0..1 stops the daemon at start with a message naming the setting. */
    public PruneGuard guard() {
        return new PruneGuard(maxShare, allowMassDeletion);
    }
}

package io.rambla.status.github;

import io.micronaut.context.condition.Condition;
import io.micronaut.context.condition.ConditionContext;
import io.micronaut.core.value.PropertyResolver;

/**
 * True when a repository and a token (inline or as a file) are configured: only then are the
 * beans that write to GitHub created. Without them the daemon reports on its own API only.
 */
public final class GitHubConfigured implements Condition {

    @Override
    public boolean matches(ConditionContext context) {
        if (!(context.getBeanContext() instanceof PropertyResolver properties)) {
            return false;
        }
        return present(properties, "rambla.github.repository")
                && (present(properties, "rambla.github.token") || present(properties, "rambla.github.token-file"));
    }

    private static boolean present(PropertyResolver properties, String name) {
        return properties.get(name, String.class).filter(v -> !v.isBlank()).isPresent();
    }
}

package io.rambla.githost.github;

import io.rambla.githost.GitHostConfigured;
import io.micronaut.context.condition.Condition;
import io.micronaut.context.condition.ConditionContext;
import io.micronaut.core.value.PropertyResolver;

/**
 * True when GitHub is the chosen git host ({@code rambla.git-host.kind} unset or {@code github})
 * and a repository and a token (inline or as a file) are configured: only then is the GitHub
 * client created. Without them the daemon reports on its own API only.
 */
public final class GitHubConfigured implements Condition {

    @Override
    public boolean matches(ConditionContext context) {
        if (!(context.getBeanContext() instanceof PropertyResolver properties)) {
            return false;
        }
        return "github".equals(GitHostConfigured.kind(properties))
                && GitHostConfigured.configured(properties, "rambla.github", "repository");
    }
}

package io.rambla.githost.gitea;

import io.micronaut.context.condition.Condition;
import io.micronaut.context.condition.ConditionContext;
import io.micronaut.core.value.PropertyResolver;
import io.rambla.githost.GitHostConfigured;

/** True when {@code rambla.git-host.kind} is {@code gitea} and a repository and a token are configured. */
public final class GiteaConfigured implements Condition {

    @Override
    public boolean matches(ConditionContext context) {
        return context.getBeanContext() instanceof PropertyResolver properties
                && "gitea".equals(GitHostConfigured.kind(properties))
                && new GitHostConfigured().matches(context);
    }
}

package io.rambla.githost.gitlab;

import io.micronaut.context.condition.Condition;
import io.micronaut.context.condition.ConditionContext;
import io.micronaut.core.value.PropertyResolver;
import io.rambla.githost.GitHostConfigured;

/** True when {@code rambla.git-host.kind} is {@code gitlab} and a project and a token are configured. */
public final class GitLabConfigured implements Condition {

    @Override
    public boolean matches(ConditionContext context) {
        return context.getBeanContext() instanceof PropertyResolver properties
                && "gitlab".equals(GitHostConfigured.kind(properties))
                && new GitHostConfigured().matches(context);
    }
}

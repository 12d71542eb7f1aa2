package io.rambla.githost;

import io.micronaut.context.condition.Condition;
import io.micronaut.context.condition.ConditionContext;
import io.micronaut.core.value.PropertyResolver;
import io.rambla.secret.Secret;
import java.nio.file.Path;

/**
 * True when the git host chosen by {@code rambla.git-host.kind} ({@code github} unless set) has a
 * repository and a token (inline or as a file): only then are the beans that write to it
 * created. Without them the daemon reports on its own API only. An unknown kind is true too, so
 * that {@code GitHostFactory} can stop the start with a message instead of silently reporting nowhere.
 */
public final class GitHostConfigured implements Condition {

    public static final String KIND = "rambla.git-host.kind";

    @Override
    public boolean matches(ConditionContext context) {
        if (!(context.getBeanContext() instanceof PropertyResolver properties)) {
            return false;
        }
        String kind = kind(properties);
        return switch (kind) {
            case "github" -> configured(properties, "rambla.github", "repository");
            case "gitlab" -> configured(properties, "rambla.gitlab", "project");
            case "gitea" -> configured(properties, "rambla.gitea", "repository");
            default -> true;
        };
    }

    /** The host's token: the inline one wins over the file; the condition on the host's factory guarantees one of them. */
    public static Secret token(String inline, String file) {
        if (inline != null && !inline.isBlank()) {
            return Secret.of(inline.strip());
        }
        return Secret.fromFile(Path.of(file));
    }

    /** The chosen host as written; {@code github} when none is chosen. */
    public static String kind(PropertyResolver properties) {
        return properties.get(KIND, String.class).map(String::strip).filter(k -> !k.isEmpty()).orElse("github");
    }

    public static boolean configured(PropertyResolver properties, String prefix, String repositoryKey) {
        return present(properties, prefix + "." + repositoryKey)
                && (present(properties, prefix + ".token") || present(properties, prefix + ".token-file"));
    }

    private static boolean present(PropertyResolver properties, String name) {
        return properties.get(name, String.class).filter(v -> !v.isBlank()).isPresent();
    }
}

package io.rambla.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.core.order.Ordered;
import java.util.Set;

/**
 * With {@code rambla.api.read-token} set, every address needs the read or the operator token,
 * except the ones that check their own credentials or must stay open: {@code /health} (load
 * balancer and orchestrator probes), {@code /webhooks/*} (signed by GitHub) and
 * {@code POST /api/sync} (the operator token). Without a read token nothing changes.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class ReadAccessFilter implements Ordered {

    private final ApiTokens tokens;

    public ReadAccessFilter(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.order();
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> requireReadToken(HttpRequest<?> request) {
        if (!tokens.readingNeedsToken() || open(request.getPath())) {
            return null;
        }
        if (tokens.access(request.getHeaders().getAuthorization().orElse(null)) != ApiTokens.Access.NONE) {
            return null;
        }
        return HttpResponse.status(HttpStatus.UNAUTHORIZED)
                // Basic first: a browser then asks for the token (as the password) itself.
                .header("WWW-Authenticate", "Basic realm=\"rambla\", charset=\"UTF-8\"")
                .header("Cache-Control", "no-store")
                .contentType(MediaType.TEXT_PLAIN_TYPE)
                .body("this daemon needs its read token: Authorization: Bearer <rambla.api.read-token>\n");
    }

    /**
     * The addresses that stay open, matched exactly (no prefix, so no {@code /health/../api/units});
     * everything else, unknown addresses included, needs the token.
     */
    static final Set<String> OPEN = Set.of("/health", "/health/liveness", "/health/readiness", "/webhooks/github", "/api/sync");

    static boolean open(String path) {
        return OPEN.contains(path);
    }
}

package io.rambla.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.serde.annotation.Serdeable;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/sync}: an operator asks for a sync now instead of at the next poll, with
 * {@code Authorization: Bearer <rambla.api.token>} (the operator token; the read token is not
 * enough). Without a configured token the call is refused (403), so an unprotected daemon cannot
 * be made to sync by anyone who reaches it.
 */
@Controller("/api/sync")
public class SyncController {

    private static final Logger LOG = LoggerFactory.getLogger(SyncController.class);
    private static final int MAX_REASON_LENGTH = 200;

    /** The body of every answer. */
    @Serdeable
    public record SyncResult(String result) {}

    private final ApiTokens tokens;
    private final SyncTrigger trigger;

    public SyncController(ApiTokens tokens, Optional<SyncTrigger> trigger) {
        this.tokens = tokens;
        this.trigger = trigger.orElse(null);
    }

    @Post(produces = MediaType.APPLICATION_JSON)
    public HttpResponse<SyncResult> sync(@Nullable @Header("Authorization") String authorization, @Nullable @QueryValue String reason) {
        if (!tokens.operatorTokenSet()) {
            return answer(HttpStatus.FORBIDDEN, "POST /api/sync is disabled: set rambla.api.token (RAMBLA_API_TOKEN) to enable it");
        }
        if (ApiTokens.tokenOf(authorization).isEmpty()) {
            return unauthorized("missing Authorization: Bearer <token>");
        }
        if (tokens.access(authorization) != ApiTokens.Access.OPERATE) {
            // The read token lands here too: it reads, it does not operate.
            LOG.warn("POST /api/sync refused: wrong bearer token");
            return unauthorized("wrong token");
        }
        if (trigger == null) {
            return answer(HttpStatus.SERVICE_UNAVAILABLE, "no repository is followed (rambla.git.url is not set); nothing to sync");
        }
        trigger.requestSync("API request" + (reason == null || reason.isBlank() ? "" : ": " + clean(reason)));
        return answer(HttpStatus.ACCEPTED, "sync requested");
    }

    private static HttpResponse<SyncResult> answer(HttpStatus status, String result) {
        return HttpResponse.<SyncResult>status(status).body(new SyncResult(result));
    }

    private static HttpResponse<SyncResult> unauthorized(String result) {
        return HttpResponse.<SyncResult>status(HttpStatus.UNAUTHORIZED)
                .header("WWW-Authenticate", "Bearer realm=\"rambla\"")
                .body(new SyncResult(result));
    }

    /** The reason goes to the log: one line, printable, bounded. */
    private static String clean(String reason) {
        String oneLine = reason.replaceAll("\\p{Cntrl}", " ").strip();
        return oneLine.length() > MAX_REASON_LENGTH ? oneLine.substring(0, MAX_REASON_LENGTH) + "…" : oneLine;
    }
}

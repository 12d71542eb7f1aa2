package io.rambla.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.serde.annotation.Serdeable;
import io.rambla.status.PausedUnits;
import io.rambla.status.UnitStatusStore;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pausing a unit: {@code POST /api/pause/<unit id>} (optionally {@code ?reason=...}) keeps the
 * sync from applying it, {@code DELETE /api/pause/<unit id>} resumes it, each behind the operator
 * token as {@code POST /api/sync} is, and each followed by a sync so the statuses say so at once.
 * {@code GET /api/pause} lists the paused units. Pauses survive a restart ({@link PausedUnits}).
 */
@Controller("/api/pause")
public class PauseController {

    private static final Logger LOG = LoggerFactory.getLogger(PauseController.class);
    private static final int MAX_REASON_LENGTH = 200;

    @Serdeable
    public record Result(String result) {}

    @Serdeable
    public record Paused(String unit, String at, String reason) {}

    private final ApiTokens tokens;
    private final PausedUnits paused;
    private final UnitStatusStore statuses;
    private final SyncTrigger trigger;
    private final Clock clock = Clock.systemUTC();

    public PauseController(ApiTokens tokens, PausedUnits paused, UnitStatusStore statuses, Optional<SyncTrigger> trigger) {
        this.tokens = tokens;
        this.paused = paused;
        this.statuses = statuses;
        this.trigger = trigger.orElse(null);
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    public List<Paused> list() {
        return paused.all().entrySet().stream()
                .map(e -> new Paused(e.getKey(), e.getValue().at().toString(), e.getValue().reason())).toList();
    }

    @Post(value = "/{+id}", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Result> pause(@PathVariable String id, @Nullable @Header("Authorization") String authorization,
            @Nullable @QueryValue String reason) {
        Optional<HttpResponse<Result>> refused = refuse(tokens, authorization, "POST /api/pause");
        if (refused.isPresent()) {
            return refused.get();
        }
        if (statuses.get(id).isEmpty()) {
            return answer(HttpStatus.NOT_FOUND, "no unit " + clean(id));
        }
        String why = reason == null ? null : clean(reason);
        try {
            if (!paused.pause(id, why, clock.instant())) {
                return answer(HttpStatus.OK, id + " was already paused");
            }
        } catch (PausedUnits.NotKept e) {
            LOG.error("unit {}: {}", clean(id), e.getMessage());
            sync("pause of " + clean(id));
            return answer(HttpStatus.INTERNAL_SERVER_ERROR, id + " " + e.getMessage());
        }
        LOG.info("unit {} paused by an operator{}", clean(id), why == null ? "" : ": " + why);
        sync("pause of " + clean(id));
        return answer(HttpStatus.OK, id + " paused");
    }

    @Delete(value = "/{+id}", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Result> resume(@PathVariable String id, @Nullable @Header("Authorization") String authorization) {
        Optional<HttpResponse<Result>> refused = refuse(tokens, authorization, "DELETE /api/pause");
        if (refused.isPresent()) {
            return refused.get();
        }
        try {
            if (!paused.resume(id)) {
                return answer(HttpStatus.NOT_FOUND, clean(id) + " is not paused");
            }
        } catch (PausedUnits.NotKept e) {
            LOG.error("unit {}: {}", clean(id), e.getMessage());
            sync("resume of " + clean(id));
            return answer(HttpStatus.INTERNAL_SERVER_ERROR, id + " " + e.getMessage());
        }
        LOG.info("unit {} resumed by an operator", clean(id));
        sync("resume of " + clean(id));
        return answer(HttpStatus.OK, id + " resumed");
    }

    private void sync(String reason) {
        if (trigger != null) {
            trigger.requestSync(reason);
        }
    }

    /** Only the operator token pauses or resumes; the read token reads. */
    static Optional<HttpResponse<Result>> refuse(ApiTokens tokens, @Nullable String authorization, String what) {
        if (!tokens.operatorTokenSet()) {
            return Optional.of(answer(HttpStatus.FORBIDDEN, what + " is disabled: set rambla.api.token (RAMBLA_API_TOKEN) to enable it"));
        }
        if (ApiTokens.tokenOf(authorization).isEmpty()) {
            return Optional.of(unauthorized("missing Authorization: Bearer <token>"));
        }
        if (tokens.access(authorization) != ApiTokens.Access.OPERATE) {
            LOG.warn("{} refused: wrong bearer token", what);
            return Optional.of(unauthorized("wrong token"));
        }
        return Optional.empty();
    }

    private static HttpResponse<Result> unauthorized(String result) {
        return HttpResponse.<Result>status(HttpStatus.UNAUTHORIZED).header("WWW-Authenticate", "Bearer realm=\"rambla\"")
                .body(new Result(result));
    }

    static HttpResponse<Result> answer(HttpStatus status, String result) {
        return HttpResponse.<Result>status(status).body(new Result(result));
    }

    /** For logs and answers: one line, printable, bounded. */
    static String clean(String text) {
        String oneLine = text.replaceAll("\\p{Cntrl}", " ").strip();
        return oneLine.length() > MAX_REASON_LENGTH ? oneLine.substring(0, MAX_REASON_LENGTH) + "…" : oneLine;
    }
}

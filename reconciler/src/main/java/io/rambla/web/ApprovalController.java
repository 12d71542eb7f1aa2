package io.rambla.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.serde.annotation.Serdeable;
import io.rambla.status.ApprovedUnits;
import io.rambla.status.UnitState;
import io.rambla.status.UnitStatus;
import io.rambla.status.UnitStatusStore;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Approving a unit that rambla.yml's {@code approval} holds: {@code POST /api/units/<unit id>/approve}
 * (optionally {@code ?revision=<sha>}, refused when the unit is held at another commit) behind the
 * operator token, as pausing is, followed by a sync that applies it. The status page's button posts
 * the same as a form ({@code POST /units/<unit id>/approve}) with the token as a field. An approval
 * is for the unit at the commit it is held at: a newer commit is judged afresh.
 */
@Controller
public class ApprovalController {

    private static final Logger LOG = LoggerFactory.getLogger(ApprovalController.class);

    /** The status page's form: the commit the operator saw, and the operator token. */
    @Serdeable
    public record Form(@Nullable String revision, @Nullable String token) {}

    private final ApiTokens tokens;
    private final ApprovedUnits approvals;
    private final UnitStatusStore statuses;
    private final SyncTrigger trigger;
    private final Clock clock = Clock.systemUTC();

    public ApprovalController(ApiTokens tokens, ApprovedUnits approvals, UnitStatusStore statuses, Optional<SyncTrigger> trigger) {
        this.tokens = tokens;
        this.approvals = approvals;
        this.statuses = statuses;
        this.trigger = trigger.orElse(null);
    }

    @Post(value = "/api/units/{+id}/approve", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<PauseController.Result> approve(@PathVariable String id, @Nullable @Header("Authorization") String authorization,
            @Nullable @QueryValue String revision) {
        return PauseController.refuse(tokens, authorization, "POST /api/units/…/approve")
                .orElseGet(() -> decide(id, revision));
    }

    /** The status page's button: on success back to the unit's page, which then says what the sync does. */
    @Post(value = "/units/{+id}/approve", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<PauseController.Result> approveForm(@PathVariable String id, @Nullable @Header("Authorization") String authorization,
            @Body Form form) {
        String credentials = form.token() != null && !form.token().isBlank() ? "Bearer " + form.token().strip() : authorization;
        HttpResponse<PauseController.Result> answer = PauseController.refuse(tokens, credentials, "POST /units/…/approve")
                .orElseGet(() -> decide(id, form.revision()));
        if (answer.status() != HttpStatus.ACCEPTED) {
            return answer;
        }
        return HttpResponse.<PauseController.Result>seeOther(URI.create("/units/" + Html.pathOf(id))).body(answer.body());
    }

    private HttpResponse<PauseController.Result> decide(String id, @Nullable String revision) {
        Optional<UnitStatus> status = statuses.get(id);
        if (status.isEmpty()) {
            return PauseController.answer(HttpStatus.NOT_FOUND, "no unit " + PauseController.clean(id));
        }
        UnitStatus unit = status.get();
        String held = unit.lastAttemptedRevision();
        if (unit.state() != UnitState.AWAITING_APPROVAL || held == null) {
            return PauseController.answer(HttpStatus.CONFLICT, id + " is not awaiting approval (it is "
                    + unit.state().name().toLowerCase(java.util.Locale.ROOT) + ")");
        }
        if (revision != null && !revision.isBlank() && !revision.strip().matches("[0-9a-fA-F]{7,64}")) {
            return PauseController.answer(HttpStatus.BAD_REQUEST, "revision must be a commit id of 7 to 64 hex digits");
        }
        if (revision != null && !revision.isBlank() && !held.startsWith(revision.strip().toLowerCase(java.util.Locale.ROOT))) {
            return PauseController.answer(HttpStatus.CONFLICT, id + " is held at " + held + ", not at " + PauseController.clean(revision)
                    + ": a newer commit superseded that one; read its plan and approve it instead");
        }
        try {
            if (!approvals.approve(id, held, clock.instant())) {
                return PauseController.answer(HttpStatus.ACCEPTED, id + " at " + held + " was already approved; the next sync applies it");
            }
        } catch (ApprovedUnits.NotKept e) {
            LOG.error("unit {}: {}", PauseController.clean(id), e.getMessage());
            if (trigger != null) {
                trigger.requestSync("approval of " + PauseController.clean(id));
            }
            return PauseController.answer(HttpStatus.INTERNAL_SERVER_ERROR, id + " at " + held + " " + e.getMessage());
        }
        LOG.info("unit {} approved at {} by an operator", id, held);
        if (trigger != null) {
            trigger.requestSync("approval of " + id);
        }
        return PauseController.answer(HttpStatus.ACCEPTED, id + " at " + held + " is approved; the next sync applies it");
    }
}

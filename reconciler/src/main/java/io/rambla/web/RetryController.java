package io.rambla.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.rambla.reconcile.Reconciler;
import io.rambla.status.UnitStatusStore;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/retry/<unit id>}: apply a unit again at the same commit, say after fixing by
 * hand what made AWS refuse it. Behind the operator token; asks for a sync at once.
 */
@Controller("/api/retry")
public class RetryController {

    private static final Logger LOG = LoggerFactory.getLogger(RetryController.class);

    private final ApiTokens tokens;
    private final UnitStatusStore statuses;
    private final Reconciler reconciler;
    private final SyncTrigger trigger;

    public RetryController(ApiTokens tokens, UnitStatusStore statuses, Optional<Reconciler> reconciler, Optional<SyncTrigger> trigger) {
        this.tokens = tokens;
        this.statuses = statuses;
        this.reconciler = reconciler.orElse(null);
        this.trigger = trigger.orElse(null);
    }

    @Post(value = "/{+id}", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<PauseController.Result> retry(@PathVariable String id, @Nullable @Header("Authorization") String authorization) {
        Optional<HttpResponse<PauseController.Result>> refused = PauseController.refuse(tokens, authorization, "POST /api/retry");
        if (refused.isPresent()) {
            return refused.get();
        }
        if (reconciler == null || trigger == null) {
            return PauseController.answer(HttpStatus.SERVICE_UNAVAILABLE, "no repository is followed (rambla.git.url is not set); nothing to retry");
        }
        if (statuses.get(id).isEmpty()) {
            return PauseController.answer(HttpStatus.NOT_FOUND, "no unit " + PauseController.clean(id));
        }
        reconciler.retry(id);
        LOG.info("unit {} retried by an operator", PauseController.clean(id));
        trigger.requestSync("retry of " + PauseController.clean(id));
        return PauseController.answer(HttpStatus.ACCEPTED, id + " is retried by the next sync");
    }
}

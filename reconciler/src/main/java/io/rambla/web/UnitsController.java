package io.rambla.web;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.rambla.status.LastChanges;
import io.rambla.status.UnitHistory;
import io.rambla.status.UnitStatusStore;
import java.util.List;

/**
 * The status API: every unit the daemon knows, with its state and revisions, its sync and health,
 * its history and its last change; one unit's answer adds its stack's resources and recent events.
 */
@Controller("/api/units")
public class UnitsController {

    private final UnitStatusStore statuses;
    private final UnitHistory history;
    private final LastChanges lastChanges;
    private final StackReads stacks;

    public UnitsController(UnitStatusStore statuses, UnitHistory history, LastChanges lastChanges, StackReads stacks) {
        this.statuses = statuses;
        this.history = history;
        this.lastChanges = lastChanges;
        this.stacks = stacks;
    }

    @Get
    public List<UnitView> list() {
        return statuses.all().stream().map(unit -> UnitView.of(unit, history.of(unit.id()), lastChanges.of(unit.id()))).toList();
    }

    /** Unit ids contain slashes ({@code district/main}), so the id is matched as a path tail. */
    @Get("/{+id}")
    public HttpResponse<UnitView> get(@PathVariable String id) {
        return statuses.get(id)
                .map(unit -> UnitView.of(unit, history.of(id), lastChanges.of(id), stacks.read(unit.stack())))
                .map(HttpResponse::ok).orElseGet(HttpResponse::notFound);
    }
}

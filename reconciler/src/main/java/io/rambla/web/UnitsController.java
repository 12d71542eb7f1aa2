package io.rambla.web;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.rambla.status.UnitStatus;
import io.rambla.status.UnitStatusStore;
import java.util.List;

/** The status API: every unit the daemon knows, with its state and revisions. */
@Controller("/api/units")
public class UnitsController {

    private final UnitStatusStore statuses;

    public UnitsController(UnitStatusStore statuses) {
        this.statuses = statuses;
    }

    @Get
    public List<UnitStatus> list() {
        return statuses.all();
    }

    /** Unit ids contain slashes ({@code district/main}), so the id is matched as a path tail. */
    @Get("/{+id}")
    public HttpResponse<UnitStatus> get(@PathVariable String id) {
        return statuses.get(id).map(HttpResponse::ok).orElseGet(HttpResponse::notFound);
    }
}

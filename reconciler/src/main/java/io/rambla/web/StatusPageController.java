package io.rambla.web;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.core.annotation.Nullable;
import io.rambla.cluster.ClusterMembers;
import io.rambla.status.LastChanges;
import io.rambla.status.UnitHistory;
import io.rambla.status.UnitStatusStore;
import java.time.Clock;
import java.util.Optional;

/**
 * The status page for people: {@code GET /} lists every unit, {@code GET /units/{id}} shows one
 * with its resources, recent CloudFormation events, last applied change and recent history. Server-rendered HTML; the same data as JSON is under {@code /api/units}.
 */
@Controller
public class StatusPageController {

    private final UnitStatusStore statuses;
    private final UnitHistory history;
    private final ClusterMembers cluster;
    private final RepositoryHeader repository;
    private final UnitGraph graph;
    private final StackReads stacks;
    private final LastChanges lastChanges;
    private final Clock clock = Clock.systemUTC();

    public StatusPageController(UnitStatusStore statuses, UnitHistory history, @Nullable ClusterMembers cluster,
            RepositoryHeader repository, UnitGraph graph, StackReads stacks, LastChanges lastChanges) {
        this.stacks = stacks;
        this.lastChanges = lastChanges;
        this.statuses = statuses;
        this.history = history;
        this.cluster = cluster;
        this.repository = repository;
        this.graph = graph;
    }

    @Get(produces = MediaType.TEXT_HTML)
    public HttpResponse<String> overview() {
        return page(HttpStatus.OK, StatusPage.overview(statuses.all(), cluster == null ? Optional.empty() : cluster.view(),
                Optional.of(repository.view()), graph.dependsOn(), clock.instant()));
    }

    /** Unit ids contain slashes ({@code app/shop/production}), so the id is matched as a path tail. */
    @Get(value = "/units/{+id}", produces = MediaType.TEXT_HTML)
    public HttpResponse<String> unit(@PathVariable String id) {
        return statuses.get(id)
                .map(unit -> page(HttpStatus.OK, StatusPage.unit(unit, history.of(id), stacks.read(unit.stack()),
                        lastChanges.of(id), clock.instant())))
                .orElseGet(() -> page(HttpStatus.NOT_FOUND, StatusPage.notFound(id, clock.instant())));
    }

    private static HttpResponse<String> page(HttpStatus status, String html) {
        return HttpResponse.<String>status(status).contentType(MediaType.TEXT_HTML_TYPE + ";charset=utf-8")
                .header("Cache-Control", "no-store").body(html);
    }
}

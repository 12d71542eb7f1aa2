package io.rambla.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.serde.annotation.Serdeable;
import io.rambla.cluster.ClusterMembers;

/**
 * {@code GET /api/cluster}: the daemons of this daemon's cluster and whether each is alive; 404
 * when it runs alone, 503 when the cluster's database cannot be read.
 */
@Controller("/api/cluster")
public class ClusterController {

    @Serdeable
    public record Problem(String message) {}

    private final ClusterMembers members;

    public ClusterController(@Nullable ClusterMembers members) {
        this.members = members;
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> cluster() {
        if (members == null) {
            return HttpResponse.status(HttpStatus.NOT_FOUND).body(new Problem("this daemon runs alone: rambla.cluster.enabled is false"));
        }
        return members.view().<HttpResponse<?>>map(HttpResponse::ok)
                .orElseGet(() -> HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE).body(new Problem("the cluster's database cannot be read")));
    }
}

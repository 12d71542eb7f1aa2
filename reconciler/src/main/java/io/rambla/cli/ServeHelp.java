package io.rambla.cli;

final class ServeHelp {

    static final String TEXT = """
            Usage: rambla serve

            Runs the daemon. Configuration comes from Micronaut properties, which environment variables
            override (RAMBLA_GIT_URL for rambla.git.url, and so on):

              rambla.git.url            repository to follow (file path, file://, https:// or ssh://)   required
              rambla.git.branch         branch to follow                                               main
              rambla.git.poll-interval  time between polls, e.g. 30s or 5m                            30s
              rambla.git.workdir        where the checkout is kept                                     a temp folder
              rambla.aws.region         AWS region                                                     us-east-1
              rambla.aws.endpoint       endpoint override for an emulator, e.g. http://127.0.0.1:4566  (none)
              micronaut.server.port     port of the status API                                         8080
              rambla.api.token          bearer token for POST /api/sync (or rambla.api.token-file)     (none: off)
              rambla.api.read-token     token the status page, /api/* and /prometheus then require     (none: open)
                                        (or rambla.api.read-token-file)
              RAMBLA_LOG_FORMAT         text or json                                                   text

            Status page: GET /, GET /units/{id}
            Status API: GET /api/units, GET /api/units/{id}, POST /api/sync
            Health and metrics: GET /health/liveness, GET /health/readiness, GET /prometheus
            """;

    private ServeHelp() {}
}

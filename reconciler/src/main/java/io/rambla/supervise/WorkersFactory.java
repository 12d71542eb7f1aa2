package io.rambla.supervise;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** One {@link Workers} per daemon, shared by every supervised worker and the health check. */
@Factory
public class WorkersFactory {

    @Singleton
    Workers workers() {
        return new Workers();
    }
}

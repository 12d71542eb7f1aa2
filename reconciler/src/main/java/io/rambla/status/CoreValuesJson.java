package io.rambla.status;

import io.micronaut.serde.annotation.SerdeImport;
import io.rambla.drift.StackDrift;

/**
 * Lets Micronaut write and read the core's values that travel as JSON (in {@link UnitStatus}):
 * the core knows nothing of Micronaut, so their JSON form is declared here.
 */
@SerdeImport(StackDrift.class)
@SerdeImport(StackDrift.DriftedResource.class)
final class CoreValuesJson {
    private CoreValuesJson() {}
}

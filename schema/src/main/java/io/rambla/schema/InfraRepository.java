package io.rambla.schema;

import java.util.List;

/** Everything the infrastructure repository declares, after defaults and validation. */
public record InfraRepository(Settings settings, List<District> districts, List<Application> applications) {

    public InfraRepository {
        districts = List.copyOf(districts);
        applications = List.copyOf(applications);
    }
}

package io.rambla.schema;

import java.util.List;

/**
 * Barcelona's {@code review:} section of a barcelona.yml: what a pull request's review app runs.
 * Its keys are Barcelona's ({@code group}, {@code image_name}, {@code before_deploy},
 * {@code environment}, {@code services}); the image tag comes from the pull request, and web
 * services get their listener from the review group, so neither is written here.
 *
 * @param group    the review group (declared in a district file under {@code review_groups})
 * @param district the district that declares the group
 */
public record Review(String group, String district, String imageName, String beforeDeploy, List<Service> services,
        List<EnvironmentVariable> environmentVariables) {

    public Review {
        services = List.copyOf(services);
        environmentVariables = List.copyOf(environmentVariables);
    }
}

package io.rambla.render;

import io.rambla.schema.AppEnvironment;
import io.rambla.schema.Application;
import io.rambla.schema.District;
import io.rambla.schema.Endpoint;
import io.rambla.schema.InfraRepository;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the repository model into units and their stacks. Pure: the same model always gives the
 * same stacks, byte for byte.
 */
public final class Renderer {

    private final String stackPrefix;

    public Renderer(String stackPrefix) {
        this.stackPrefix = stackPrefix;
    }

    public Renderer() {
        this(StackNames.DEFAULT_PREFIX);
    }

    /** Every unit of the repository, upstream units before the units that depend on them. */
    public List<RenderedUnit> render(InfraRepository repository) {
        return units(repository).stream().map(this::render).toList();
    }

    /** The units of a repository: districts, then their endpoints, then app environments. */
    public static List<Unit> units(InfraRepository repository) {
        List<Unit> units = new ArrayList<>();
        for (District district : repository.districts()) {
            units.add(new Unit.DistrictUnit(district));
        }
        for (District district : repository.districts()) {
            for (Endpoint endpoint : district.endpoints()) {
                units.add(new Unit.EndpointUnit(district, endpoint));
            }
        }
        for (Application application : repository.applications()) {
            for (AppEnvironment environment : application.environments()) {
                units.add(new Unit.AppEnvironmentUnit(application, environment, districtOf(repository, application, environment)));
            }
        }
        return units;
    }

    private static District districtOf(InfraRepository repository, Application application, AppEnvironment environment) {
        String name = environment.district();
        if (name == null && repository.settings() != null) {
            name = repository.settings().defaultDistrict();
        }
        if (name == null && repository.districts().size() == 1) {
            return repository.districts().get(0);
        }
        String wanted = name;
        return repository.districts().stream()
                .filter(d -> d.name().equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(application.file() + ": environment "
                        + environment.environment() + " runs on district `" + wanted
                        + "`, which the repository does not declare"));
    }

    public RenderedUnit render(Unit unit) {
        RenderedTemplate rendered;
        if (unit instanceof Unit.DistrictUnit d) {
            rendered = new RenderedTemplate(DistrictTemplate.render(d.district()), Map.of());
        } else if (unit instanceof Unit.EndpointUnit e) {
            Map<String, ParameterValue> parameters = new LinkedHashMap<>();
            String district = Unit.districtId(e.district().name());
            EndpointTemplate.districtInputs(e.endpoint())
                    .forEach((parameter, output) -> parameters.put(parameter, ParameterValue.output(district, output)));
            rendered = new RenderedTemplate(EndpointTemplate.render(e.district(), e.endpoint()), parameters);
        } else if (unit instanceof Unit.AppEnvironmentUnit a) {
            rendered = AppTemplate.render(a.application(), a.environment(), a.district());
        } else {
            throw new IllegalStateException("unknown unit " + unit);
        }
        // The district's own tags go on every stack in it, and CloudFormation passes stack tags on to
        // every resource that takes tags. Rambla's keys are reserved, so they cannot be overridden.
        Map<String, String> tags = new LinkedHashMap<>(districtOf(unit).tags());
        tags.put(StackTags.MANAGED_BY, "rambla");
        tags.put(StackTags.UNIT, unit.id());
        tags.put(StackTags.SOURCE, unit.sourceFile());
        tags.put(StackTags.DISTRICT, districtOf(unit).name());
        return new RenderedUnit(unit, new StackSpec(StackNames.of(stackPrefix, unit), rendered.template(),
                rendered.parameters(), tags));
    }

    private static District districtOf(Unit unit) {
        if (unit instanceof Unit.DistrictUnit d) {
            return d.district();
        }
        if (unit instanceof Unit.EndpointUnit e) {
            return e.district();
        }
        return ((Unit.AppEnvironmentUnit) unit).district();
    }
}

package io.rambla.run;

import io.rambla.render.Renderer;
import io.rambla.render.StackNames;
import io.rambla.render.Unit;
import io.rambla.schema.InfraRepository;
import java.util.List;

/** An app environment of the repository, and the stack and region it lives in. */
public record AppStack(String unitId, String stackName, String region) {

    /**
     * The app environment {@code app}/{@code environment} of {@code repository}.
     *
     * @throws RunException naming the apps, or the app's environments, that do exist
     */
    public static AppStack find(InfraRepository repository, String app, String environment) {
        List<Unit.AppEnvironmentUnit> apps = Renderer.units(repository).stream()
                .filter(u -> u instanceof Unit.AppEnvironmentUnit).map(u -> (Unit.AppEnvironmentUnit) u).toList();
        List<Unit.AppEnvironmentUnit> named = apps.stream().filter(u -> u.application().name().equals(app)).toList();
        if (named.isEmpty()) {
            throw new RunException("no app `" + app + "` in this repository; its apps: "
                    + listed(apps.stream().map(u -> u.application().name()).distinct().sorted().toList()));
        }
        return named.stream().filter(u -> u.environment().environment().equals(environment)).findFirst()
                .map(u -> new AppStack(u.id(), StackNames.of(repository.settings().stackPrefix(), u), u.region()))
                .orElseThrow(() -> new RunException("app `" + app + "` has no environment `" + environment + "`; its environments: "
                        + listed(named.stream().map(u -> u.environment().environment()).sorted().toList())));
    }

    private static String listed(List<String> names) {
        return names.isEmpty() ? "none" : String.join(", ", names);
    }
}

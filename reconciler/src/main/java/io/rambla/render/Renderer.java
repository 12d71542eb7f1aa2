package io.rambla.render;

import io.rambla.schema.InfraRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns the repository model into units and their stacks. Pure: the same model always gives the
 * same stacks, byte for byte.
 */
public final class Renderer {

    public static final String TAG_MANAGED_BY = "rambla:managed-by";
    public static final String TAG_UNIT = "rambla:unit";
    public static final String TAG_SOURCE = "rambla:source";

    private final String stackPrefix;

    public Renderer(String stackPrefix) {
        this.stackPrefix = stackPrefix;
    }

    public Renderer() {
        this(StackNames.DEFAULT_PREFIX);
    }

    /** Every unit of the repository, upstream units before the units that depend on them. */
    public List<RenderedUnit> render(InfraRepository repository) {
        List<RenderedUnit> units = new ArrayList<>();
        for (var district : repository.districts()) {
            units.add(render(new Unit.DistrictUnit(district)));
        }
        return units;
    }

    public RenderedUnit render(Unit unit) {
        Template template;
        if (unit instanceof Unit.DistrictUnit d) {
            template = DistrictTemplate.render(d.district());
        } else {
            throw new UnsupportedOperationException(unit.kind() + " units are not rendered yet");
        }
        Map<String, String> tags = Map.of(
                TAG_MANAGED_BY, "rambla",
                TAG_UNIT, unit.id(),
                TAG_SOURCE, unit.sourceFile());
        return new RenderedUnit(unit, new StackSpec(StackNames.of(stackPrefix, unit), template, Map.of(), tags));
    }
}

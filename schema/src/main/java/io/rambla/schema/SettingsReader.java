package io.rambla.schema;

import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/** Reads the optional {@code rambla.yml} at the repository root. */
final class SettingsReader {

    /** Stack names start with a letter; the prefix leaves room for the unit's own name within 128 characters. */
    private static final Pattern STACK_PREFIX = Pattern.compile("[a-z]([a-z0-9-]{0,18}[a-z0-9])?");

    private SettingsReader() {}

    /** The settings, and the node of {@code default_district} so it can be checked once districts are known. */
    record Read(Settings settings, Optional<Node> defaultDistrictNode) {}

    static Read read(Node root, Problems problems) {
        Optional<YamlMap> read = YamlMap.of(root, "", KnownKeys.SETTINGS, problems);
        if (read.isEmpty()) {
            return new Read(Settings.defaults(), Optional.empty());
        }
        YamlMap map = read.get();
        Settings defaults = Settings.defaults();
        String prefix = map.matching("stack_prefix", STACK_PREFIX,
                "must be 1 to 20 lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen")
                .orElse(defaults.stackPrefix());
        boolean prune = map.bool("prune").orElse(defaults.prune());
        String defaultDistrict = map.string("default_district").orElse(defaults.defaultDistrict());
        Optional<Node> node = map.value("default_district");
        Approval approval = map.oneOf("approval", Approval.WORDS).map(Approval::of).orElse(defaults.approval());
        map.finish();
        return new Read(new Settings(prefix, prune, defaultDistrict, approval), node);
    }
}

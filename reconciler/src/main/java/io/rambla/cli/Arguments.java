package io.rambla.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Positional arguments and {@code --name value} options, with unknown options refused. */
record Arguments(List<String> positional, Map<String, String> options, boolean help) {

    static Arguments parse(List<String> args, Set<String> optionsWithValue) {
        List<String> positional = new ArrayList<>();
        Map<String, String> options = new HashMap<>();
        boolean help = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
            } else if (arg.startsWith("--")) {
                String name = arg.substring(2);
                String value = null;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                if (!optionsWithValue.contains(name)) {
                    throw new IllegalArgumentException("unknown option --" + name);
                }
                if (value == null) {
                    if (i + 1 >= args.size()) {
                        throw new IllegalArgumentException("option --" + name + " needs a value");
                    }
                    value = args.get(++i);
                }
                options.put(name, value);
            } else {
                positional.add(arg);
            }
        }
        return new Arguments(positional, options, help);
    }

    Path directory() {
        if (positional.size() > 1) {
            throw new IllegalArgumentException("expected at most one directory, got " + positional);
        }
        return Path.of(positional.isEmpty() ? "." : positional.get(0));
    }
}

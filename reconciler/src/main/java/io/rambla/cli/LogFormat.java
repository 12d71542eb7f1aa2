package io.rambla.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Chooses the log format before logback starts: {@code RAMBLA_LOG_FORMAT=json} (or
 * {@code -Drambla.log.format=json}) points logback at {@code logback-json.xml}; {@code text}, the
 * default, keeps {@code logback.xml}. An explicit {@code -Dlogback.configurationFile} always wins.
 * Done with a system property rather than logback's {@code <if>}, which would need Janino.
 */
final class LogFormat {

    static final String ENV = "RAMBLA_LOG_FORMAT";
    static final String PROPERTY = "rambla.log.format";
    static final String LOGBACK_PROPERTY = "logback.configurationFile";
    static final String JSON_CONFIG = "logback-json.xml";

    private LogFormat() {}

    /** Sets {@code logback.configurationFile} in {@code properties} when JSON is asked for; must run before the first logger. */
    static void apply(Map<String, String> env, Properties properties, PrintStream err) {
        if (properties.getProperty(LOGBACK_PROPERTY) != null) {
            return;
        }
        String format = properties.getProperty(PROPERTY, env.getOrDefault(ENV, "text")).trim().toLowerCase(Locale.ROOT);
        switch (format) {
            case "json" -> properties.setProperty(LOGBACK_PROPERTY, JSON_CONFIG);
            case "text", "" -> { }
            default -> err.println("rambla: unknown log format '" + format + "' in " + ENV + "; use text or json. Logging as text.");
        }
    }
}

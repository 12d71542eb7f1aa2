package io.rambla.run;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them on a command line: {@code 90s}, {@code 30m}, {@code 2h}, or ISO-8601 {@code PT1H30M}. */
public final class Durations {

    private static final Pattern SHORT = Pattern.compile("(\\d{1,6})(s|m|h)");

    private Durations() {}

    public static Duration parse(String text) {
        Matcher m = SHORT.matcher(text.strip());
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        }
        try {
            return Duration.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("`" + text + "` is not a duration such as 90s, 30m, 2h or PT1H30M");
        }
    }

    public static String format(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds % 3600 == 0 && seconds > 0) {
            return seconds / 3600 + " h";
        }
        return seconds % 60 == 0 && seconds > 0 ? seconds / 60 + " min" : seconds + " s";
    }
}

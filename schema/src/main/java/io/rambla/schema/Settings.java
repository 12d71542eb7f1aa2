package io.rambla.schema;

/**
 * Repository-wide settings from the optional {@code rambla.yml} at the root.
 *
 * @param stackPrefix     prefix of every stack name (default {@code rambla})
 * @param prune           whether stacks of units removed from git are deleted (default false: only reported)
 * @param defaultDistrict the district of app environments that name none; null means "the only district"
 */
public record Settings(String stackPrefix, boolean prune, String defaultDistrict) {

    public static Settings defaults() {
        return new Settings("rambla", false, null);
    }
}

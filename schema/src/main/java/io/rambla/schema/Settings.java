package io.rambla.schema;

/**
 * Repository-wide settings from the optional {@code rambla.yml} at the root.
 *
 * @param stackPrefix     prefix of every stack name (default {@code rambla})
 * @param prune           whether stacks of units removed from git are deleted (default false: only reported)
 * @param defaultDistrict the district of app environments that name none; null means "the only district"
 * @param approval        which commits wait for an operator's approval, unless a district says otherwise (default none)
 */
public record Settings(String stackPrefix, boolean prune, String defaultDistrict, Approval approval) {

    public Settings {
        approval = approval == null ? Approval.NONE : approval;
    }

    /** Settings that hold no commit for approval. */
    public Settings(String stackPrefix, boolean prune, String defaultDistrict) {
        this(stackPrefix, prune, defaultDistrict, Approval.NONE);
    }

    public static Settings defaults() {
        return new Settings("rambla", false, null);
    }
}

package io.rambla.render;

/**
 * The tags Rambla puts on every stack it makes: the one vocabulary that rendering writes and
 * planning, pruning and drift read back. Together with git they are the whole truth after a
 * restart (see docs/sync.md).
 */
public final class StackTags {

    /** Always {@code rambla}: a stack without it is never touched. */
    public static final String MANAGED_BY = "rambla:managed-by";
    /** The unit id, e.g. {@code app/shop/production}. */
    public static final String UNIT = "rambla:unit";
    /** The file the unit comes from. */
    public static final String SOURCE = "rambla:source";
    /** The district a unit lives in, so that pruning can tell which stacks still stand on a district. */
    public static final String DISTRICT = "rambla:district";
    /** The hash of the desired state last applied: equal to the new one, nothing needs doing. */
    public static final String DESIRED_HASH = "rambla:desired-hash";
    /** The commit last applied. */
    public static final String COMMIT = "rambla:commit";

    private StackTags() {}
}

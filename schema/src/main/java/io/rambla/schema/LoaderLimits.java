package io.rambla.schema;

/**
 * Bounds on what the loader agrees to read, so a hostile or broken file is refused with a
 * diagnostic instead of exhausting memory or time.
 *
 * @param maxFileBytes             files larger than this are refused before parsing (default 1 MiB)
 * @param maxAliasesForCollections aliases to mappings and lists allowed in one file; a "billion laughs"
 *                                 file needs many more (default 50)
 * @param maxNestingDepth          deepest nesting of mappings and lists (default 50)
 * @param maxCodePoints            characters read from one file (default 1 Mi)
 */
public record LoaderLimits(long maxFileBytes, int maxAliasesForCollections, int maxNestingDepth, int maxCodePoints) {

    public static final long ONE_MIB = 1024L * 1024L;

    public LoaderLimits {
        if (maxFileBytes <= 0 || maxAliasesForCollections < 0 || maxNestingDepth <= 0 || maxCodePoints <= 0) {
            throw new IllegalArgumentException("loader limits must be positive");
        }
    }

    public static LoaderLimits defaults() {
        return new LoaderLimits(ONE_MIB, 50, 50, (int) ONE_MIB);
    }

    public LoaderLimits withMaxFileBytes(long bytes) {
        return new LoaderLimits(bytes, maxAliasesForCollections, maxNestingDepth, maxCodePoints);
    }
}

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
 * @param maxFiles                 YAML files read from one repository (default 2,000); past it nothing is loaded
 * @param maxTotalBytes            bytes of YAML read from one repository (default 64 MiB); past it nothing is loaded
 * @param maxUnits                 units (districts, endpoints, app environments) of one repository (default 2,000)
 * @param maxDirectoryEntries      files and folders looked at while finding the YAML files (default 200,000)
 */
public record LoaderLimits(long maxFileBytes, int maxAliasesForCollections, int maxNestingDepth, int maxCodePoints,
                           int maxFiles, long maxTotalBytes, int maxUnits, int maxDirectoryEntries) {

    public static final long ONE_MIB = 1024L * 1024L;

    public LoaderLimits {
        if (maxFileBytes <= 0 || maxAliasesForCollections < 0 || maxNestingDepth <= 0 || maxCodePoints <= 0
                || maxFiles <= 0 || maxTotalBytes <= 0 || maxUnits <= 0 || maxDirectoryEntries <= 0) {
            throw new IllegalArgumentException("loader limits must be positive");
        }
    }

    public LoaderLimits(long maxFileBytes, int maxAliasesForCollections, int maxNestingDepth, int maxCodePoints) {
        this(maxFileBytes, maxAliasesForCollections, maxNestingDepth, maxCodePoints, 2_000, 64 * ONE_MIB, 2_000, 200_000);
    }

    public static LoaderLimits defaults() {
        return new LoaderLimits(ONE_MIB, 50, 50, (int) ONE_MIB);
    }

    public LoaderLimits withMaxFileBytes(long bytes) {
        return new LoaderLimits(bytes, maxAliasesForCollections, maxNestingDepth, maxCodePoints, maxFiles, maxTotalBytes,
                maxUnits, maxDirectoryEntries);
    }

    /** The same limits with other per-repository caps. */
    public LoaderLimits withRepositoryCaps(int files, long totalBytes, int units, int directoryEntries) {
        return new LoaderLimits(maxFileBytes, maxAliasesForCollections, maxNestingDepth, maxCodePoints, files, totalBytes,
                units, directoryEntries);
    }
}

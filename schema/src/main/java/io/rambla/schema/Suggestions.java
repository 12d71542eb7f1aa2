package io.rambla.schema;

import java.util.Collection;
import java.util.Optional;

/** "Did you mean …?": the closest known word by edit distance, when it is close enough to be a likely typo. */
final class Suggestions {

    private Suggestions() {}

    /** Longer inputs get no suggestion: the distance costs length × length, and a long name is no typo. */
    static final int MAX_LENGTH = 64;
    /** Beyond this many candidates no suggestion is looked for. */
    static final int MAX_CANDIDATES = 1_000;

    static Optional<String> closest(String typed, Collection<String> known) {
        if (typed.length() > MAX_LENGTH || known.size() > MAX_CANDIDATES) {
            return Optional.empty();
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            if (candidate.length() > MAX_LENGTH) {
                continue;
            }
            int d = distance(typed.toLowerCase(), candidate.toLowerCase());
            if (d < bestDistance || (d == bestDistance && best != null && candidate.compareTo(best) < 0)) {
                best = candidate;
                bestDistance = d;
            }
        }
        int allowed = Math.max(2, typed.length() / 3);
        return best != null && bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours cost 1. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    static String didYouMean(String typed, Collection<String> known) {
        return closest(typed, known).map(s -> " — did you mean `" + s + "`?").orElse("");
    }
}

package org.pretrain4j.api.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * "Did you mean" suggestions by case-insensitive edit distance, shared by unknown-key and unknown-type errors.
 */
public final class Suggestions {
    private Suggestions() {}

    /**
     * Finds the known names closest to a misspelt one.
     *
     * @param name the name as written
     * @param known the valid names
     * @return up to three names within a distance of about a third of their length, nearest first
     */
    public static List<String> nearest(String name, Collection<String> known) {
        String lower = name.toLowerCase(Locale.ROOT);
        List<String> hits = new ArrayList<>();
        for (String candidate : known) {
            String c = candidate.toLowerCase(Locale.ROOT);
            int limit = Math.max(2, Math.max(c.length(), lower.length()) / 3);
            if (distance(lower, c) <= limit || (lower.length() >= 3 && c.contains(lower))) {
                hits.add(candidate);
            }
        }
        hits.sort(Comparator.comparingInt(c -> distance(lower, c.toLowerCase(Locale.ROOT))));
        return hits.size() > 3 ? hits.subList(0, 3) : hits;
    }

    /**
     * Formats the suggestion clause of an error message.
     *
     * @param name the name as written
     * @param known the valid names
     * @return {@code " Did you mean 'x'?"}, or an empty string when nothing is close
     */
    public static String didYouMean(String name, Collection<String> known) {
        List<String> near = nearest(name, known);
        if (near.isEmpty()) {
            return "";
        }
        return " Did you mean " + String.join(" or ", near.stream().map(n -> "'" + n + "'").toList()) + "?";
    }

    /**
     * Edit distance: Levenshtein with adjacent transpositions counted as one edit, case-sensitive.
     *
     * @param a one string
     * @param b the other
     * @return the number of edits turning one into the other
     */
    public static int distance(String a, String b) {
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
}

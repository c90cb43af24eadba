package io.tinybpf.util;

import java.util.Collection;

/** "Did you mean ...?" for names the user mistyped: commands, flags, helpers. */
public final class Suggest {
    private Suggest() {}

    /**
     * The candidate closest to {@code typed} within {@code maxDistance} edits (a case-insensitive
     * match counts as 0), ties broken alphabetically so suggestions are deterministic; null when
     * nothing is close.
     */
    public static String closest(String typed, Collection<String> candidates, int maxDistance) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = c.equalsIgnoreCase(typed) ? 0 : distance(c, typed);
            if (d < bestD || (d == bestD && best != null && c.compareTo(best) < 0)) {
                bestD = d;
                best = c;
            }
        }
        return bestD <= maxDistance ? best : null;
    }

    /** Levenshtein distance. */
    public static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}

package io.tinybpf.util;

import java.util.Collection;

/** "Did you mean" for names a user mistyped: helpers, section names, commands. */
public final class Suggest {
    private Suggest() {}

    /**
     * The closest candidate within {@code maxDistance} edits (a case-only difference counts as 0);
     * ties go to the alphabetically first, so suggestions are deterministic; null when none is close.
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

    /**
     * Edit distance with adjacent transpositions counted as one edit (optimal string alignment):
     * {@code xpd} is one edit from {@code xdp}, the typo it is.
     */
    public static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
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

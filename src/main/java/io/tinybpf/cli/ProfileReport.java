package io.tinybpf.cli;

import io.tinybpf.kernel.KernelVerifier;
import io.tinybpf.kernel.VerifierProfile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code verify --kernel --profile}: the verifier's work per Go source line, from each program's
 * level-2 log ({@link VerifierProfile}), rendered as the costliest lines (text), per program in
 * the JSON document, or as a self-contained HTML page of the Go sources with every line shaded
 * by its cost.
 *
 * @param profiles   per program, in object order (programs the kernel refused have none)
 * @param rejected   the programs the verifier rejected (their profile ends at the rejection)
 * @param sourceDirs where to look for the Go files line info names (relative to the package)
 */
record ProfileReport(Map<String, VerifierProfile> profiles, java.util.Set<String> rejected, List<Path> sourceDirs) {
    /** How many lines the text report lists; the rest are summed into one row. */
    static final int TOP = 10;

    static ProfileReport of(Map<String, KernelVerifier.Verdict> verdicts, List<Path> sourceDirs) {
        Map<String, VerifierProfile> out = new LinkedHashMap<>();
        java.util.Set<String> rejected = new java.util.TreeSet<>();
        for (KernelVerifier.Verdict v : verdicts.values()) {
            if (v.refusal() != null || v.log() == null || v.log().isBlank()) continue;
            out.put(v.program(), VerifierProfile.parse(v.program(), v.log(), v.logTruncated()));
            if (v.rejected()) rejected.add(v.program());
        }
        return new ProfileReport(out, rejected, sourceDirs);
    }

    /** {@code 41.2 %} from tenths of a percent. */
    static String percent(int permille) {
        return String.format("%d.%d %%", permille / 10, permille % 10);
    }

    void print(PrintStream out) {
        for (VerifierProfile p : profiles.values()) {
            out.printf("verifier profile of %s: %d instructions processed, %d branch states%s%n", p.program(), p.countedInsns(), p.states(),
                    rejected.contains(p.program()) ? " (until the rejection)" : "");
            if (p.truncated()) {
                out.println("  note: the verifier log did not fit in memory; the profile covers the part the kernel kept (its end)");
            } else if (p.processedInsns() >= 0 && p.processedInsns() != p.countedInsns()) {
                out.printf("  note: the verifier reports %d processed instructions; the log shows %d%n", p.processedInsns(), p.countedInsns());
            }
            if (p.lines().isEmpty()) {
                out.println("  (the log has no instructions: was it written at log level 2?)");
                continue;
            }
            List<Integer> shares = p.sharesPermille();
            int w = 4;
            for (VerifierProfile.Line l : p.lines()) w = Math.max(w, l.where().length());
            out.printf("  %7s %7s %7s  %-" + w + "s  %s%n", "share", "insns", "states", "line", "source");
            int rest = 0;
            long restInsns = 0, restStates = 0;
            for (int i = 0; i < p.lines().size(); i++) {
                VerifierProfile.Line l = p.lines().get(i);
                if (i >= TOP && p.lines().size() > TOP + 1) {
                    rest += shares.get(i);
                    restInsns += l.insns();
                    restStates += l.states();
                    continue;
                }
                out.printf("  %7s %7d %7d  %-" + w + "s  %s%n", percent(shares.get(i)), l.insns(), l.states(), l.where(),
                        l.file() == null ? "" : l.source());
            }
            if (p.lines().size() > TOP + 1) {
                int n = p.lines().size() - TOP;
                out.printf("  %7s %7d %7d  %s%n", percent(rest), restInsns, restStates, n + " other line" + (n == 1 ? "" : "s"));
            }
        }
    }

    /** Adds {@code "profile"} to each program's {@code "kernel"} object of a verify document. */
    @SuppressWarnings("unchecked")
    void addTo(List<Object> programs) {
        for (Object o : programs) {
            Map<String, Object> prog = (Map<String, Object>) o;
            VerifierProfile p = profiles.get((String) prog.get("name"));
            if (p == null || !(prog.get("kernel") instanceof Map<?, ?> k)) continue;
            ((Map<String, Object>) k).put("profile", json(p));
        }
    }

    static Map<String, Object> json(VerifierProfile p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("counted_insns", p.countedInsns());
        m.put("states", p.states());
        m.put("truncated", p.truncated());
        List<Object> lines = new ArrayList<>();
        List<Integer> shares = p.sharesPermille();
        for (int i = 0; i < p.lines().size(); i++) {
            VerifierProfile.Line l = p.lines().get(i);
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("file", l.file());
            x.put("line", (long) l.line());
            x.put("source", l.file() == null ? null : l.source());
            x.put("insns", l.insns());
            x.put("share_permille", (long) (int) shares.get(i));
            x.put("states", l.states());
            lines.add(x);
        }
        m.put("lines", lines);
        return m;
    }

    // ------------------------------------------------------------------ HTML

    /** A Go source file found for a line-info file name, or empty. */
    Optional<Path> locate(String file) {
        Path f = Path.of(file);
        if (f.isAbsolute()) return Files.isRegularFile(f) ? Optional.of(f) : Optional.empty();
        for (Path d : sourceDirs) {
            Path c = d.resolve(file);
            if (Files.isRegularFile(c)) return Optional.of(c);
        }
        return Optional.empty();
    }

    /**
     * One page, no external resources: per program a summary and every Go file it touches, each
     * line with its instructions, share and states, and a background whose strength follows the
     * line's share of the program's costliest line. Shaded rows carry {@code class="hot"}.
     */
    String html(String objectName) {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>verifier profile: ")
                .append(esc(objectName)).append("</title>\n<style>\n")
                .append("body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;background:#fff}\n")
                .append("h1{font-size:20px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 4px}h3{font-size:15px;margin:18px 0 6px;font-family:monospace}\n")
                .append("p.sum{margin:2px 0;color:#555}\n")
                .append("table.src{border-collapse:collapse;font:13px/1.45 ui-monospace,'DejaVu Sans Mono',monospace;width:100%}\n")
                .append("table.src td{padding:0 8px;white-space:pre;vertical-align:top}\n")
                .append("td.n,td.i,td.s,td.t{text-align:right;color:#888;width:1%}\n")
                .append("tr.hot td{color:#111}\n")
                .append("td.c{width:auto}\n")
                .append(".legend span{display:inline-block;width:36px;height:12px;margin-right:2px;vertical-align:middle}\n")
                .append("</style>\n</head>\n<body>\n");
        b.append("<h1>Verifier cost per Go line: ").append(esc(objectName)).append("</h1>\n");
        b.append("<p class=\"sum\">Each processed instruction of the kernel verifier's log is charged to the Go line its BTF "
                + "line info names; a shaded line is where the verifier spent its work (darker: more).</p>\n");
        b.append("<p class=\"legend\">");
        for (int i = 1; i <= 5; i++) b.append("<span style=\"background:").append(shade(i / 5.0)).append("\"></span>");
        b.append(" cheap → costliest line</p>\n");
        for (VerifierProfile p : profiles.values()) {
            b.append("<h2>").append(esc(p.program())).append("</h2>\n<p class=\"sum\">").append(p.countedInsns())
                    .append(" instructions processed, ").append(p.states()).append(" branch states")
                    .append(p.truncated() ? " (log truncated: the profile covers its end)" : "").append("</p>\n");
            List<Integer> shares = p.sharesPermille();
            Map<String, Integer> shareOf = new LinkedHashMap<>();
            long max = 1;
            for (int i = 0; i < p.lines().size(); i++) {
                VerifierProfile.Line l = p.lines().get(i);
                shareOf.put(l.where(), shares.get(i));
                if (l.file() != null) max = Math.max(max, l.insns());
            }
            // the costliest lines first, then every file in full
            b.append("<table class=\"src top\">\n<tr><td class=\"n\">where</td><td class=\"i\">insns</td><td class=\"t\">share</td>"
                    + "<td class=\"s\">states</td><td class=\"c\"></td></tr>\n");
            for (int i = 0; i < Math.min(TOP, p.lines().size()); i++) {
                VerifierProfile.Line l = p.lines().get(i);
                b.append("<tr class=\"hot\" style=\"background:").append(shade((double) l.insns() / max)).append("\"><td class=\"n\">")
                        .append(esc(l.where())).append("</td><td class=\"i\">").append(l.insns()).append("</td><td class=\"t\">")
                        .append(percent(shares.get(i))).append("</td><td class=\"s\">").append(l.states() == 0 ? "" : l.states())
                        .append("</td><td class=\"c\">").append(l.file() == null ? "" : esc(l.source())).append("</td></tr>\n");
            }
            b.append("</table>\n");
            for (Map.Entry<String, Map<Integer, VerifierProfile.Line>> f : p.byFile().entrySet()) {
                b.append("<h3>").append(esc(f.getKey())).append("</h3>\n");
                List<String> src = read(f.getKey());
                if (src == null) {
                    b.append("<p class=\"sum\">source file not found (--source-dir); the lines as the verifier printed them:</p>\n");
                }
                b.append("<table class=\"src\">\n<tr><td class=\"n\">line</td><td class=\"i\">insns</td><td class=\"t\">share</td>"
                        + "<td class=\"s\">states</td><td class=\"c\"></td></tr>\n");
                int last = src != null ? src.size() : f.getValue().keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
                for (int n = 1; n <= last; n++) {
                    VerifierProfile.Line l = f.getValue().get(n);
                    String code = src != null ? (n - 1 < src.size() ? src.get(n - 1) : "") : l != null ? l.source() : null;
                    if (code == null) continue;
                    if (l == null || l.insns() == 0) {
                        b.append("<tr><td class=\"n\">").append(n).append("</td><td class=\"i\"></td><td class=\"t\"></td><td class=\"s\">")
                                .append(l == null || l.states() == 0 ? "" : l.states()).append("</td><td class=\"c\">").append(esc(code))
                                .append("</td></tr>\n");
                        continue;
                    }
                    b.append("<tr class=\"hot\" data-insns=\"").append(l.insns()).append("\" style=\"background:")
                            .append(shade((double) l.insns() / max)).append("\"><td class=\"n\">").append(n).append("</td><td class=\"i\">")
                            .append(l.insns()).append("</td><td class=\"t\">").append(percent(shareOf.getOrDefault(l.where(), 0)))
                            .append("</td><td class=\"s\">").append(l.states() == 0 ? "" : l.states()).append("</td><td class=\"c\">")
                            .append(esc(code)).append("</td></tr>\n");
                }
                b.append("</table>\n");
            }
            p.lines().stream().filter(l -> l.file() == null).findFirst().ifPresent(l -> b.append("<p class=\"sum\">")
                    .append(l.insns()).append(" instructions without line info (").append(percent(shareOf.get(l.where()))).append(")</p>\n"));
        }
        b.append("</body>\n</html>\n");
        return b.toString();
    }

    private List<String> read(String file) {
        Optional<Path> p = locate(file);
        if (p.isEmpty()) return null;
        try {
            return Files.readAllLines(p.get(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }

    /** Red with an opacity from 0.15 (cheap) to 0.9 (the costliest line). */
    static String shade(double fraction) {
        double a = 0.15 + 0.75 * Math.max(0, Math.min(1, fraction));
        return String.format(java.util.Locale.ROOT, "rgba(220,38,38,%.2f)", a);
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\t' -> b.append("    ");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}

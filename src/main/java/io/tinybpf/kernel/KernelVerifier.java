package io.tinybpf.kernel;

import io.tinybpf.diag.SourcePos;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs each program of an object through the running kernel's verifier on its own: libbpf loads
 * all-or-nothing, which would hide the verdicts of the programs after the first rejection. A
 * rejection is tied to the Go line the verifier annotated last (its log prints BTF line info as
 * {@code ; <source text> @ file.go:42}).
 */
public final class KernelVerifier {
    private static final Pattern SOURCE_LINE = Pattern.compile("^; (.*) @ (\\S+):(\\d+)$");

    private KernelVerifier() {}

    /**
     * What the kernel said about one program.
     *
     * @param refusal    set when the kernel refused the program type itself (the verifier did not run)
     * @param complaint  the verifier's own words on rejection
     * @param goPosition the Go file and line of the last source line the verifier annotated
     * @param sourceText that line's source text
     * @param logTruncated the log did not fit the largest buffer: {@code log} is the part the kernel kept
     */
    public record Verdict(String program, boolean accepted, String refusal, VerifierStats stats, String complaint,
                          SourcePos goPosition, String sourceText, String log, boolean logTruncated) {
        public Verdict(String program, boolean accepted, String refusal, VerifierStats stats, String complaint,
                       SourcePos goPosition, String sourceText, String log) {
            this(program, accepted, refusal, stats, complaint, goPosition, sourceText, log, false);
        }

        /** Rejected by the verifier (not merely refused by this kernel). */
        public boolean rejected() {
            return !accepted && refusal == null;
        }
    }

    /** A verdict per program, in the given order. */
    public static Map<String, Verdict> verify(Path obj, List<String> programs) {
        return verify(obj, programs, OpenOptions.defaults());
    }

    /**
     * A verdict per program with the given log options, e.g. {@link Bpf#LOG_LEVEL2} for a log of
     * every instruction the verifier processed ({@link VerifierProfile}).
     */
    public static Map<String, Verdict> verify(Path obj, List<String> programs, OpenOptions options) {
        Map<String, Verdict> out = new LinkedHashMap<>();
        for (String p : programs) out.put(p, verifyOne(obj, p, options));
        return out;
    }

    /** Loads the object with only {@code program} enabled. */
    public static Verdict verifyOne(Path obj, String program) {
        return verifyOne(obj, program, OpenOptions.defaults());
    }

    /** Loads the object with only {@code program} enabled, logging as {@code options} say. */
    public static Verdict verifyOne(Path obj, String program, OpenOptions options) {
        try (BpfObject o = BpfObject.open(obj, options)) {
            for (var p : o.programs()) p.setAutoload(p.name().equals(program));
            LoadResult r;
            try {
                r = o.load();
            } catch (KernelException e) {
                r = o.loadResult();
                if (r == null || r.program(program).isEmpty()) {
                    return new Verdict(program, false, refusal(e), VerifierStats.NONE, null, null, null, e.verifierLog());
                }
                VerifierReport rep = r.program(program).get();
                if (e.kind() == KernelException.Kind.KERNEL_REFUSED && (rep.log() == null || rep.log().isBlank())) {
                    return new Verdict(program, false, refusal(e), rep.stats(), null, null, null, rep.log());
                }
            }
            VerifierReport rep = r.program(program).orElseThrow();
            if (rep.accepted()) return new Verdict(program, true, null, rep.stats(), null, null, null, rep.log(), rep.truncated());
            SourceLine where = lastSourceLine(rep.log());
            return new Verdict(program, false, null, rep.stats(), rep.complaint(), where == null ? null : where.pos(),
                    where == null ? null : where.text(), rep.log(), rep.truncated());
        } catch (KernelException e) {
            return new Verdict(program, false, refusal(e), VerifierStats.NONE, null, null, null, e.verifierLog());
        }
    }

    private static String refusal(KernelException e) {
        String why = e.kind() == KernelException.Kind.KERNEL_REFUSED
                ? "this kernel refuses to load the program type (the verifier did not run)"
                : e.getMessage().lines().findFirst().orElse("");
        return e.errnoName() + ": " + why;
    }

    /** A source line the verifier printed: where it is and what it says. */
    public record SourceLine(SourcePos pos, String text) {}

    /** The last source line the verifier annotated in {@code log}, or null. */
    public static SourceLine lastSourceLine(String log) {
        if (log == null) return null;
        SourceLine last = null;
        for (String l : log.split("\n")) {
            Matcher m = SOURCE_LINE.matcher(l.strip());
            if (m.matches()) last = new SourceLine(new SourcePos(m.group(2), Integer.parseInt(m.group(3)), 0), m.group(1).strip());
        }
        return last;
    }
}

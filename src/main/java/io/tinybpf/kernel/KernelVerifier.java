package io.tinybpf.kernel;

import io.tinybpf.diag.SourcePos;
import io.tinybpf.elf.CallSites;
import io.tinybpf.elf.ElfFile;
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
 * {@code ; <source text> @ file.go:42}; kernels before 6.3 print the text alone, placed through
 * the object's line info); a kfunc the kernel lacks (libbpf fails before the verifier runs) is
 * tied to the Go line of the call.
 *
 * <p>{@link #verdict} turns one load's outcome into a verdict; the VM matrix
 * ({@code io.tinybpf.vm}) feeds it the outcome of the same libbpf load made inside a guest, so a
 * verdict reads the same on every kernel.
 */
public final class KernelVerifier {
    private static final Pattern SOURCE_LINE = Pattern.compile("^; (.*) @ (\\S+):(\\d+)$");
    private static final Pattern MISSING_KFUNC = Pattern.compile("extern \\(func ksym\\) '([^']+)': not found in kernel or module BTFs");
    private static final Pattern STATE = Pattern.compile("^; (R\\d|frame\\d|fp-)");

    private KernelVerifier() {}

    /**
     * What the kernel said about one program.
     *
     * @param refusal    set when the kernel refused the program type itself (the verifier did not run)
     * @param complaint  the verifier's own words on rejection
     * @param goPosition the Go file and line of the last source line the verifier annotated
     * @param sourceText that line's source text
     * @param logTruncated the log did not fit the largest buffer: {@code log} is the part the kernel kept
     * @param loadError  set when the object failed to load before the verifier saw this program:
     *                   libbpf's reason, e.g. {@code map 'big': failed to create: Cannot allocate
     *                   memory(-12) [ENOMEM]}
     * @param btfRejection set when the kernel refused the object's BTF (libbpf then loads without
     *                   it): the kernel's reason
     */
    public record Verdict(String program, boolean accepted, String refusal, VerifierStats stats, String complaint,
                          SourcePos goPosition, String sourceText, String log, boolean logTruncated, String loadError,
                          String btfRejection) {
        public Verdict(String program, boolean accepted, String refusal, VerifierStats stats, String complaint,
                       SourcePos goPosition, String sourceText, String log) {
            this(program, accepted, refusal, stats, complaint, goPosition, sourceText, log, false, null, null);
        }

        /** Rejected by the verifier (not merely refused by this kernel, nor left unloaded by another failure). */
        public boolean rejected() {
            return !accepted && refusal == null && loadError == null;
        }

        /** Refused by the verifier or failed to load for another reason: the object would not load as it is. */
        public boolean failed() {
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
            try {
                o.load();
                return verdict(obj, program, o.loadResult(), null);
            } catch (KernelException e) {
                return verdict(obj, program, o.loadResult(), e);
            }
        } catch (KernelException e) {
            return new Verdict(program, false, refusal(e), VerifierStats.NONE, null, null, null, e.verifierLog());
        }
    }

    /**
     * The verdict on {@code program} from one load: {@code result} is the load's outcome (null when
     * libbpf failed before loading any program), {@code failure} the exception the load raised
     * (null on success). {@code obj} is read for Go lines the kernel's log does not give.
     */
    public static Verdict verdict(Path obj, String program, LoadResult result, KernelException failure) {
        if (failure == null) {
            VerifierReport rep = result.program(program).orElseThrow();
            return new Verdict(program, true, null, rep.stats(), null, null, null, rep.log(), rep.truncated(), null,
                    LibbpfLog.btfRejection(result.libbpfLog()));
        }
        return failedLoad(obj, program, result, failure);
    }

    private static Verdict failedLoad(Path obj, String program, LoadResult r, KernelException e) {
        String btf = LibbpfLog.btfRejection(r != null ? r.libbpfLog() : e.libbpfLog());
        VerifierReport rep = r == null ? null : r.program(program).orElse(null);
        VerifierStats stats = rep == null ? VerifierStats.NONE : rep.stats();
        String log = rep == null ? e.verifierLog() : rep.log();
        if (rep == null || rep.log().isBlank()) {
            boolean programFailed = r != null && r.failed() != null;
            if (e.kind() == KernelException.Kind.KERNEL_REFUSED && programFailed) {
                return new Verdict(program, false, refusal(e), stats, null, null, null, log, false, null, btf);
            }
            String cause = e.libbpfCause();
            String why = cause != null ? cause + " [" + e.errnoName() + "]" : e.getMessage().lines().findFirst().orElse(e.errnoName());
            CallSites.Site call = missingKfuncCall(obj, program, cause);
            return new Verdict(program, false, null, stats, null, call == null ? null : call.pos(), call == null ? null : call.text(), log,
                    false, why, btf);
        }
        SourceLine where = rejectedAt(rep.log());
        if (where == null) where = lastAnnotation(obj, program, rep.log());
        return new Verdict(program, false, null, rep.stats(), rep.complaint(), where == null ? null : where.pos(),
                where == null ? null : where.text(), rep.log(), rep.truncated(), null, btf);
    }

    /** For libbpf's "extern (func ksym) 'x': not found": the Go line of the program's call to x, or null. */
    private static CallSites.Site missingKfuncCall(Path obj, String program, String cause) {
        Matcher m = MISSING_KFUNC.matcher(cause == null ? "" : cause);
        if (obj == null || !m.find()) return null;
        try {
            List<CallSites.Site> sites = CallSites.of(ElfFile.read(obj), program, m.group(1));
            return sites.isEmpty() ? null : sites.getFirst();
        } catch (Exception ex) {
            return null; // no position: the load error still names the kfunc
        }
    }

    /**
     * Kernels before 6.3 annotate the log with the source text alone ({@code ; ctx.Q = ctx.A / ctx.B});
     * the last such line, placed through the object's line info. Indented {@code ;} lines are
     * register states, not source.
     */
    private static SourceLine lastAnnotation(Path obj, String program, String log) {
        if (log == null || obj == null) return null;
        String text = null;
        for (String l : log.split("\n")) {
            if (l.startsWith("; ") && !STATE.matcher(l).find()) text = l.substring(2).strip();
        }
        if (text == null || text.isEmpty()) return null;
        try {
            String t = text;
            return CallSites.lineOfText(ElfFile.read(obj), program, text).map(s -> new SourceLine(s.pos(), t)).orElse(null);
        } catch (Exception e) {
            return null;
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

    private static final Pattern ALLOC_INSN = Pattern.compile("Unreleased reference id=\\d+ alloc_insn=(\\d+)");

    /**
     * Where a rejection belongs in the source: for a leaked reference the line that acquired it
     * (the verifier names the instruction: {@code Unreleased reference id=2 alloc_insn=4}), since
     * the {@code exit} it stopped at is wherever the function's returns were merged; otherwise the
     * last source line the verifier annotated. Null when the log has no source lines.
     */
    public static SourceLine rejectedAt(String log) {
        Matcher leak = ALLOC_INSN.matcher(log == null ? "" : log);
        if (leak.find()) {
            SourceLine at = sourceLineOf(log, Integer.parseInt(leak.group(1)));
            if (at != null) return at;
        }
        return lastSourceLine(log);
    }

    /** The source line the verifier printed before it first printed instruction {@code insn}, or null. */
    private static SourceLine sourceLineOf(String log, int insn) {
        String prefix = insn + ": ";
        SourceLine last = null;
        for (String l : log.split("\n")) {
            String t = l.strip();
            Matcher m = SOURCE_LINE.matcher(t);
            if (m.matches()) last = new SourceLine(new SourcePos(m.group(2), Integer.parseInt(m.group(3)), 0), m.group(1).strip());
            else if (t.startsWith(prefix)) return last;
        }
        return null;
    }

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

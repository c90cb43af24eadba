package io.tinybpf.kernel;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads libbpf's own messages (not the verifier's) after a failed load: when no program reached
 * the verifier, libbpf's log is the only place that says what went wrong, e.g. {@code map
 * 'counters': failed to create: Invalid argument(-22)} or {@code extern (func ksym)
 * 'bpf_task_from_pid': not found in kernel or module BTFs}.
 */
public final class LibbpfLog {
    private LibbpfLog() {}

    /** Messages that explain a failure, most specific first; group 1 is the message without the "libbpf: " prefix. */
    private static final List<Pattern> CAUSES = List.of(
            Pattern.compile("(?m)^libbpf: (map '[^']+': failed to create: .*)$"),
            Pattern.compile("(?m)^libbpf: (map '[^']+': .*(?:fail|error|invalid|unsupported).*)$"),
            Pattern.compile("(?m)^libbpf: (extern \\([^)]+\\) '[^']+': .*)$"),
            Pattern.compile("(?m)^libbpf: (prog '[^']+': relo #\\d+: .*)$"),
            Pattern.compile("(?m)^libbpf: (failed to find BTF for extern '.*)$"),
            Pattern.compile("(?m)^libbpf: (.*(?:failed|Error|error|invalid|unsupported).*)$"));

    /** Lines that accompany every failure and explain none. */
    private static final Pattern NOISE = Pattern.compile(
            "failed to load object|BTF is optional, ignoring|BTF LOAD LOG|BTF loading error|failed to load: -\\d+$|BPF program load failed");

    private static final Pattern BTF_REJECTED = Pattern.compile("Error loading \\.BTF into kernel: (-\\d+)");
    private static final Pattern BTF_LOG = Pattern.compile("(?s)-- BEGIN BTF LOAD LOG ---\\n(.*?)\\n-- END BTF LOAD LOG --");

    /**
     * The message that says why the object did not load, without libbpf's prefix, or null when
     * libbpf said nothing useful (the verifier's log has the reason then).
     */
    public static String failure(String log) {
        if (log == null || log.isBlank()) return null;
        for (Pattern p : CAUSES) {
            Matcher m = p.matcher(log);
            String last = null;
            while (m.find()) {
                if (!NOISE.matcher(m.group(1)).find()) last = m.group(1).strip();
            }
            if (last != null) return last;
        }
        return null;
    }

    /**
     * When the kernel refused the object's BTF and libbpf went on without it (maps lose their key
     * and value types, kfuncs and CO-RE may then fail), the kernel's reason, e.g. {@code [6] ARRAY
     * (anon) ... Array size overflows U32_MAX}; else null.
     */
    public static String btfRejection(String log) {
        if (log == null) return null;
        Matcher m = BTF_REJECTED.matcher(log);
        if (!m.find()) return null;
        Matcher b = BTF_LOG.matcher(log);
        if (b.find()) {
            String[] lines = b.group(1).strip().split("\n");
            for (int i = lines.length - 1; i >= 0; i--) {
                String l = lines[i].strip();
                if (!l.isEmpty()) return l;
            }
        }
        return "the kernel refused it (" + m.group(1) + ")";
    }
}

package io.tinybpf.bpf;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the kernel's words for a failed load into what to change in the Go program. The input is
 * the verifier's complaint (the lines after the last instruction it looked at) or libbpf's reason
 * when no program reached the verifier; the patterns are the kernel's and libbpf's message texts
 * (kernel/bpf/verifier.c, tools/lib/bpf/libbpf.c), matched loosely enough to cover the wording of
 * kernels 5.x to 6.x. A message no rule knows gets no hint: a wrong hint is worse than none.
 */
public final class VerifierHints {
    private VerifierHints() {}

    /** What kind of problem a message is; stable names, used in {@code --json} output. */
    public enum Kind {
        PACKET_BOUNDS, NIL_CHECK, SCALAR_DEREFERENCE, POINTER_ARITHMETIC, MAP_VALUE_BOUNDS, NEGATIVE_INDEX, LOOP, STACK,
        UNINITIALIZED, UNRELEASED_REFERENCE, HELPER_UNAVAILABLE, LICENSE, CONTEXT_ACCESS, RETURN_VALUE, CORE_FIELD, KFUNC,
        MAP_CREATE, INSTRUCTION_SET;

        public String jsonName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A classified message: its kind and the advice, in terms of the Go source. */
    public record Hint(Kind kind, String advice) {}

    private record Rule(Kind kind, Pattern pattern, Function<Matcher, String> advice) {
        static Rule of(Kind kind, String regex, String advice) {
            return new Rule(kind, Pattern.compile(regex), m -> advice);
        }
    }

    private static final String BOUNDED_OFFSET = "bound the offset before it is added to the pointer: mask it (i & 63) or "
            + "return early when it is too large (if i >= 64 { return 0 }), in an unsigned type so it cannot be negative";

    private static final List<Rule> RULES = List.of(
            Rule.of(Kind.NIL_CHECK, "invalid mem access '\\w*_or_null'|type=\\w+_or_null expected|_or_null' is not allowed|null-check it first",
                    "check the pointer against nil before using it (if p == nil { return 0 }): map lookups, ring buffer "
                            + "reservations and acquiring kfuncs may return nil, and the check must come before every use"),
            Rule.of(Kind.PACKET_BOUNDS, "invalid access to packet|offset is outside of the packet|invalid mem access 'pkt",
                    "check the end of the access against data_end first and return when it is past the end "
                            + "(if data+off+size > end { return }), on the same pointer the access uses and on every path "
                            + "to it (docs/packets.md, \"Bounds checks written by hand\")"),
            Rule.of(Kind.SCALAR_DEREFERENCE, "invalid mem access '(scalar|inv)'",
                    "this dereferences a number as a pointer: only context, map value, stack and packet pointers can be "
                            + "read directly; read other kernel memory (a task from bpf_get_current_task, a pointer field "
                            + "of a kernel struct) with bpfProbeReadKernel or through a bpfCore* type (CO-RE)"),
            new Rule(Kind.MAP_VALUE_BOUNDS, Pattern.compile("invalid access to map value, value_size=(\\d+) off=(-?\\d+) size=(\\d+)"),
                    m -> "the access reads bytes " + m.group(2) + ".." + (Long.parseLong(m.group(2)) + Long.parseLong(m.group(3)))
                            + " of a " + m.group(1) + "-byte map value: check the index against the value's length first, "
                            + "or mask it so the verifier sees it stays inside"),
            Rule.of(Kind.NEGATIVE_INDEX, "min value is negative",
                    "the index may be negative: use an unsigned type (uint32) for it, or return early when it is < 0"),
            Rule.of(Kind.POINTER_ARITHMETIC, "math between \\w+ pointer and register with unbounded|unbounded memory access"
                    + "|value is outside of the allowed memory range|pointer arithmetic .*prohibited|on pointer prohibited"
                    + "|pointer comparison prohibited", BOUNDED_OFFSET),
            Rule.of(Kind.LOOP, "back-edge from insn|infinite loop detected|BPF program is too large|jumps is too complex"
                    + "|loop is not bounded|too many states",
                    "the verifier follows every iteration of a loop: give it a constant bound "
                            + "(for i := 0; i < 64 && i < n; i++), or run a long loop with bpf_loop (a Go func called once "
                            + "per iteration)"),
            Rule.of(Kind.STACK, "combined stack size of \\d+ calls|stack size .*too large|stack limit",
                    "BPF has a 512-byte stack for the whole call chain: keep large buffers in a BPF map (a per-CPU array "
                            + "with one entry works as scratch space), or let the compiler inline small functions "
                            + "(remove //go:noinline)"),
            Rule.of(Kind.UNINITIALIZED, "!read_ok|invalid (indirect )?read from stack|invalid indirect access to stack",
                    "something is read before it was written on this path: zero the buffer or struct before passing it to "
                            + "a helper (struct padding counts), and assign every variable on every path before its use"),
            Rule.of(Kind.UNRELEASED_REFERENCE, "Unreleased reference|would lead to reference leak",
                    "every path must release what it acquired, early returns included: submit or discard a ring buffer "
                            + "reservation (bpfRingbufSubmit/bpfRingbufDiscard), release a pointer an acquiring kfunc returned "
                            + "(bpf_task_release, ...)"),
            Rule.of(Kind.LICENSE, "GPL-restricted|non-GPL compatible",
                    "this helper or kfunc needs a GPL-compatible license; tinybpf's default is \"GPL\": check \"license\" "
                            + "in tinybpf.json or --license"),
            new Rule(Kind.HELPER_UNAVAILABLE, Pattern.compile("unknown func (\\w+)#\\d+|program of this type cannot use helper (\\w+)"
                    + "|helper call is not allowed in probe"),
                    m -> (m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : "this helper")
                            + " is not available to this program type on this kernel: use a program type that has it "
                            + "(bpftool feature probe kernel lists helpers per type), or a newer kernel"),
            Rule.of(Kind.CONTEXT_ACCESS, "dereference of modified ctx ptr",
                    "read context fields directly from the context pointer; do not add offsets to it or pass it through "
                            + "arithmetic first"),
            new Rule(Kind.CONTEXT_ACCESS, Pattern.compile("invalid bpf_context access off=(\\d+) size=(\\d+)"),
                    m -> "the program reads or writes " + m.group(2) + " bytes at offset " + m.group(1) + " of its context, which "
                            + "this program type does not allow: declare the context struct with the kernel's layout "
                            + "(__sk_buff and xdp_md fields are uint32) and treat it as read-only except for the fields "
                            + "the program type documents as writable"),
            new Rule(Kind.RETURN_VALUE, Pattern.compile("At program exit the register R0 has .* should have been in "
                    + "[\\[(]\\s*(\\S+?)[;,]\\s*(\\S+?)\\s*[\\])]"),
                    m -> "this program type must return a value in [" + m.group(1) + ", " + m.group(2) + "]: check every return "
                            + "statement (tinybpf's ProgramKind table names the values, e.g. 1 = allow for cgroup programs)"),
            new Rule(Kind.CORE_FIELD, Pattern.compile("failed to resolve CO-RE relocation .*?(struct|union) (\\w+)\\.(\\w+)"),
                    m -> "this kernel's " + m.group(1) + " " + m.group(2) + " has no field " + m.group(3) + ": check the name "
                            + "(the Go field name in snake_case: RealParent is real_parent), or test it with "
                            + "bpfCoreFieldExists before reading it on kernels that lack it"),
            Rule.of(Kind.CORE_FIELD, "invalid CO-RE relocation",
                    "a CO-RE relocation did not match this kernel's types: check the bpfCore* struct's field names and "
                            + "types against the kernel's (bpftool btf dump file /sys/kernel/btf/vmlinux)"),
            new Rule(Kind.KFUNC, Pattern.compile("extern \\(func ksym\\) '(\\w+)': not found"),
                    m -> "this kernel has no kfunc " + m.group(1) + " (it may need a newer kernel, a module, or another "
                            + "spelling): bpftool btf dump file /sys/kernel/btf/vmlinux | grep " + m.group(1) + " tells"),
            new Rule(Kind.KFUNC, Pattern.compile("extern \\(func ksym\\) '(\\w+)': func_proto .*incompatible"),
                    m -> "the Go declaration of " + m.group(1) + " does not match the kernel's prototype: compare its parameter "
                            + "and result types with bpftool btf dump file /sys/kernel/btf/vmlinux format c | grep " + m.group(1)),
            new Rule(Kind.MAP_CREATE, Pattern.compile("map '([^']+)': failed to create: ([^(\\[]*)"),
                    m -> mapCreate(m.group(1), m.group(2).strip())),
            // kernels older than the instruction set chosen with --cpu (v4: Linux 6.6) reject its new opcodes
            Rule.of(Kind.INSTRUCTION_SET, "uses reserved fields|unknown opcode|invalid BPF_ALU opcode|BPF_LDX uses reserved",
                    "this kernel's verifier does not know an instruction of the chosen --cpu: v4 (signed division and "
                            + "modulo, sign-extending moves and loads, byte swaps, 32-bit jumps) needs Linux 6.6; build with "
                            + "--cpu v3 for older kernels"));

    private static String mapCreate(String map, String reason) {
        String why = switch (reason) {
            case "Cannot allocate memory", "Argument list too long" -> "the map is too large for this kernel "
                    + "(max_entries times the value size); lower MaxEntries";
            case "Operation not permitted" -> "creating maps needs CAP_BPF (run as root); on kernels before 5.11 also a "
                    + "higher memlock limit (ulimit -l)";
            case "Invalid argument" -> "the kernel refused the definition (type, key or value size, max_entries, flags): "
                    + "a ring buffer's max_entries must be a power of 2 and a multiple of the page size; array keys are "
                    + "4 bytes; per-type rules are in docs/maps.md";
            default -> "check the definition's type, key and value sizes, max_entries and flags against the map type's rules";
        };
        return "map " + map + ": " + why;
    }

    /** The hint for a complaint or libbpf reason, if a rule knows the message. */
    public static Optional<Hint> hint(String message) {
        if (message == null || message.isBlank()) return Optional.empty();
        for (Rule r : RULES) {
            Matcher m = r.pattern().matcher(message);
            if (m.find()) return Optional.of(new Hint(r.kind(), r.advice().apply(m)));
        }
        return Optional.empty();
    }
}

package io.tinybpf.cli;

import io.tinybpf.util.Env;
import io.tinybpf.btf.Btf;
import io.tinybpf.btf.BtfType;
import io.tinybpf.btf.BtfValues;
import io.tinybpf.elf.ElfFile;
import io.tinybpf.elf.ObjectSummary;
import io.tinybpf.kernel.BpfMap;
import io.tinybpf.kernel.BpfObject;
import io.tinybpf.kernel.BpfProgram;
import io.tinybpf.bpf.ProgramKind;
import io.tinybpf.kernel.Errno;
import io.tinybpf.kernel.KernelException;
import io.tinybpf.kernel.Packets;
import io.tinybpf.kernel.TestRun;
import io.tinybpf.kernel.TestRunResult;
import io.tinybpf.util.Json;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * Runs one program of an object in the kernel with {@code BPF_PROG_TEST_RUN}: a crafted packet
 * (XDP, tc, socket filter, cgroup skb) or a context (syscall, raw tracepoint), maps filled before
 * the run, and afterwards the return value (named for the program type), the records its ring
 * buffers and perf arrays received and the maps asked for, decoded with the object's BTF.
 * {@code --expect} turns it into a check for scripts and CI.
 */
final class TestCommand extends Command {
    @Override
    String name() {
        return "test";
    }

    @Override
    String summary() {
        return "Run a program in the kernel on a crafted packet or context (BPF_PROG_TEST_RUN) and show what it did.";
    }

    @Override
    String synopsis() {
        return "test [--program <name>] [--packet <spec>|--ctx <spec>] [--expect <ret>] <object>";
    }

    @Override
    void define(CommandSpec spec) {
        value(spec, "<name>", "The program to run (default: the object's only program).", "-p", "--program");
        value(spec, "<spec>", "Packet input: \"udp 10.0.0.1:1234 > 10.0.0.2:53\", \"tcp ...\", \"icmp ...\", \"arp\", "
                + "hex bytes (0x45...), or @file with raw bytes.", "--packet");
        value(spec, "<spec>", "Context input: hex bytes (0x...), @file, or zeros:N (syscall and raw tracepoint programs).", "--ctx");
        value(spec, "<n>", "Run the program n times (the reported duration is the mean).", "--repeat");
        repeated(spec, "<map:key=value>", "Update a map element before the run (repeatable). Key and value: a decimal "
                + "integer (little-endian, the map's size), hex bytes (0x...), an IPv4 address, or @program "
                + "(that program's fd, for program arrays).", "--set");
        repeated(spec, "<name=value>", "Set a global variable before load, e.g. a //go:extern constant in .rodata "
                + "(repeatable; value as for --set).", "--const");
        repeated(spec, "<map>", "Print this map's entries after the run (repeatable).", "--dump");
        value(spec, "<ret>", "Exit 3 unless the program returns this: a number or a name such as XDP_DROP, "
                + "TC_ACT_SHOT, SK_PASS.", "--expect");
        jsonFlag(spec, "the outcome");
        value(spec, "<kernel>", "Run it inside a VM booting this kernel instead of the running one: 6.1, 6.12 (scripts/setup "
                + "kernels) or a bzImage/vmlinuz path[:modules dir].", "--vm");
        value(spec, "<duration>", "With --vm: the limit for the boot and for each request (default 5m).", "--timeout");
        value(spec, "<modules>", "With --vm: kernel modules to insert at boot, comma-separated.", "--vm-modules");
        positionals(spec, "<object>", "The BPF object.");
    }

    @Override
    int run(ParseResult pr, Io con) throws Exception {
        try {
            return runChecked(pr, con);
        } catch (Refused e) {
            con.err().println("error: " + e.getMessage());
            return USAGE;
        }
    }

    /**
     * What one test run did, rendered as text or as JSON (docs/schemas/test.schema.json) from the
     * same data.
     *
     * @param packetOut    the packet after the run (null without --packet)
     * @param rewrites     whether this program type can rewrite the packet (XDP, tc)
     * @param contextAfter the context after the run (null without --ctx or when the kernel returns none)
     * @param expected     the --expect value, or null
     */
    record Outcome(String program, String type, ProgramKind kind, int retval, long durationNs, int repeat, byte[] packetIn, byte[] packetOut,
                   boolean rewrites, byte[] contextAfter, Btf btf, List<Records.Record> records, List<MapDump> dumps,
                   Integer expected) {
        String meaning() {
            return TestCommand.meaning(Optional.ofNullable(kind), retval);
        }

        boolean met() {
            return expected == null || expected == retval;
        }

        void print(PrintStream out) {
            String meaning = meaning();
            out.printf("%s (%s): returned %d%s%s%n", program, type, retval, meaning.isEmpty() ? "" : " " + meaning,
                    durationNs > 0 ? ", " + durationNs + " ns" + (repeat > 1 ? " per run (" + repeat + " runs)" : "") : "");
            if (packetIn != null) {
                boolean same = Arrays.equals(packetIn, packetOut);
                out.printf("packet: %d bytes in, %d out%s%n", packetIn.length, packetOut.length,
                        !rewrites ? "" : same ? " (unchanged)" : " (changed)");
                if (rewrites && !same) out.println("  out: " + Records.hex(packetOut));
            }
            if (contextAfter != null) out.println("context after the run: " + context(btf, program, contextAfter));
            for (Records.Record r : records) out.println(r.text());
            for (MapDump d : dumps) d.print(out);
        }

        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("result", met() ? "passed" : "unexpected");
            m.put("program", program);
            m.put("type", type);
            m.put("retval", (long) retval);
            m.put("meaning", meaning().isEmpty() ? null : meaning());
            m.put("duration_ns", durationNs);
            m.put("repeat", (long) Math.max(repeat, 1));
            if (packetIn != null) {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("in_bytes", (long) packetIn.length);
                p.put("out_bytes", (long) packetOut.length);
                if (rewrites) p.put("changed", !Arrays.equals(packetIn, packetOut));
                if (rewrites && !Arrays.equals(packetIn, packetOut)) p.put("out", Records.hex(packetOut));
                m.put("packet", p);
            }
            if (contextAfter != null) m.put("context_after", contextJson(btf, program, contextAfter));
            m.put("records", records.stream().map(r -> (Object) r.json()).toList());
            m.put("maps", dumps.stream().map(d -> (Object) d.json()).toList());
            if (expected != null) {
                Map<String, Object> e = new LinkedHashMap<>();
                String em = TestCommand.meaning(Optional.ofNullable(kind), expected);
                e.put("value", (long) (int) expected);
                e.put("meaning", em.isEmpty() ? null : em);
                e.put("met", met());
                m.put("expect", e);
            }
            return m;
        }
    }

    /** A JSON document for a run that did not happen: the load or the test run itself failed. */
    static void failedJson(Io con, String result, String program, String error) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("result", result);
        m.put("program", program);
        m.put("error", error);
        con.out().print(Json.write(m));
    }

    private int runChecked(ParseResult pr, Io con) throws Exception {
        List<String> args = args(pr);
        if (args.size() != 1) throw new UsageException("exactly one object argument is required");
        boolean json = bool(pr, "--json");
        Path obj = Env.path(args.getFirst());
        if (!Files.isRegularFile(obj)) {
            con.err().println("error: no such object: " + obj);
            return FAILED;
        }
        byte[] packet = str(pr, "--packet") == null ? null : input(str(pr, "--packet"), true);
        byte[] ctx = str(pr, "--ctx") == null ? null : input(str(pr, "--ctx"), false);
        int repeat = 0;
        if (str(pr, "--repeat") != null) {
            try {
                repeat = Integer.parseInt(str(pr, "--repeat"));
            } catch (NumberFormatException e) {
                repeat = -1;
            }
            if (repeat < 1) throw new UsageException("--repeat needs a positive number, not '" + str(pr, "--repeat") + "'");
        }
        List<Update> updates = new ArrayList<>();
        for (String s : list(pr, "--set")) updates.add(Update.parse(s));
        List<String> dumps = list(pr, "--dump");

        ElfFile elf = ElfFile.read(obj);
        ObjectSummary summary = ObjectSummary.summarize(elf);
        Btf btf = Records.btf(elf);
        if (str(pr, "--vm") != null) {
            VmTestRun.Result vr = VmTestRun.run(new VmTestRun.Request(obj, str(pr, "--program"), packet, ctx, repeat, updates,
                    list(pr, "--const"), dumps, str(pr, "--expect"), str(pr, "--vm"), str(pr, "--timeout"), str(pr, "--vm-modules")),
                    summary, btf, io.tinybpf.sdk.LogSites.of(elf).orElse(null), con, json);
            return vr.outcome() == null ? vr.exit() : finish(con, json, vr.outcome());
        }
        Outcome outcome;
        try (BpfObject o = BpfObject.open(obj)) {
            BpfProgram prog = pick(o, str(pr, "--program"));
            Optional<ProgramKind> kind = ProgramKind.of(prog.section());
            Integer expected = str(pr, "--expect") == null ? null : expected(str(pr, "--expect"), kind);
            // load only what the run needs: other programs may be of types this kernel refuses
            Set<String> needed = new TreeSet<>(List.of(prog.name()));
            for (Update u : updates) if (u.value.startsWith("@")) needed.add(u.value.substring(1));
            for (BpfProgram p : o.programs()) p.setAutoload(needed.contains(p.name()));
            for (String n : needed) {
                if (o.programs().stream().noneMatch(p -> p.name().equals(n))) {
                    throw new Refused("--set: no program '" + n + "'; the object has " + o.programs().stream().map(BpfProgram::name).toList());
                }
            }
            for (String c : list(pr, "--const")) {
                int eq = c.indexOf('=');
                if (eq <= 0) throw new UsageException("--const '" + c + "': expected name=value, e.g. multiplier=3");
                String var = c.substring(0, eq);
                BpfObject.GlobalVariable gv = o.variables().stream().filter(v -> v.name().equals(var)).findFirst()
                        .orElseThrow(() -> new Refused("--const: no global variable '" + var + "'; the object has "
                                + o.variables().stream().map(BpfObject.GlobalVariable::name).toList()));
                o.setVariable(var, bytes(o, c.substring(eq + 1), gv.size(), "--const " + var + ":"));
            }
            try {
                o.load();
            } catch (KernelException e) {
                if (json) failedJson(con, "load_failed", prog.name(), e.getMessage().lines().findFirst().orElse(""));
                return loadFailed(con, obj, e);
            }
            for (Update u : updates) u.apply(o, summary, btf);

            List<Records.Record> records = new ArrayList<>();
            Records readers = Records.open(o, btf, io.tinybpf.sdk.LogSites.of(elf).orElse(null), records::add);

            TestRun run = packet != null ? TestRun.packet(packet) : TestRun.context(ctx);
            if (packet != null && ctx != null) run = run.withContext(ctx, ctx.length);
            if (repeat > 0) run = run.withRepeat(repeat);
            TestRunResult r;
            try {
                r = prog.testRun(run);
            } catch (KernelException e) {
                String first = e.getMessage().lines().findFirst().orElse("");
                if (json) failedJson(con, "run_refused", prog.name(), e.errnoName() + " — " + first);
                con.err().println("error: the kernel refused to test-run " + prog.name() + " (" + prog.typeName() + "): "
                        + e.errnoName() + " — " + first);
                con.err().println("hint: " + refusalHint(prog.typeName(), kind, packet != null, ctx != null, e.errno()));
                return FAILED;
            }
            readers.drain();
            List<MapDump> dumped = new ArrayList<>();
            for (String d : dumps) dumped.add(MapDump.read(o, summary, btf, d));
            readers.close();
            // only XDP and tc programs can rewrite the packet; skb test runs of other types hand back
            // the frame with the link-layer header cleared, which is not the program's doing
            boolean rewrites = kind.map(ProgramKind::rewritesPacket).orElse(false);
            byte[] after = ctx == null ? null : packet == null ? r.ctxInAfter() : r.ctxOut();
            outcome = new Outcome(prog.name(), prog.typeName(), kind.orElse(null), r.retval(), r.durationNs(), repeat, packet,
                    packet == null ? null : r.dataOut(), rewrites, after, btf, List.copyOf(records), List.copyOf(dumped), expected);
        }
        return finish(con, json, outcome);
    }

    /** Prints the outcome (text or JSON); exit 3 when --expect is not met. */
    static int finish(Io con, boolean json, Outcome outcome) {
        if (json) con.out().print(Json.write(outcome.json()));
        else outcome.print(con.out());
        if (!outcome.met()) {
            String meaning = outcome.meaning(), em = meaning(Optional.ofNullable(outcome.kind()), outcome.expected());
            con.err().printf("error: %s returned %d%s, expected %d%s%n", outcome.program(), outcome.retval(),
                    meaning.isEmpty() ? "" : " (" + meaning + ")", outcome.expected(), em.isEmpty() ? "" : " (" + em + ")");
            return UNEXPECTED;
        }
        return OK;
    }

    private static BpfProgram pick(BpfObject o, String name) {
        List<BpfProgram> all = o.programs();
        if (name != null) {
            return all.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow(() -> new Refused(
                    "no program '" + name + "' in the object; it has " + all.stream().map(BpfProgram::name).toList()));
        }
        if (all.size() == 1) return all.getFirst();
        throw new Refused("the object has " + all.size() + " programs " + all.stream().map(BpfProgram::name).toList()
                + "; choose one with --program");
    }

    /** Packet or context bytes from a spec: hex, @file, zeros:N, or (packets) a one-line description. */
    static byte[] input(String spec, boolean packet) {
        String s = spec.strip();
        try {
            if (s.startsWith("@")) return readBounded(Env.path(s.substring(1)));
            if (s.startsWith("0x") || s.startsWith("0X")) return HexFormat.of().parseHex(s.substring(2).replaceAll("[\\s:_]", ""));
            if (s.startsWith("zeros:")) {
                int n = Integer.parseInt(s.substring(6));
                if (n < 0 || n > 1 << 16) throw new Refused("zeros:N needs 0 <= N <= 65536");
                return new byte[n];
            }
            if (packet) return Packets.parse(s);
        } catch (java.io.IOException e) {
            throw new Refused("cannot read " + s.substring(1) + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new Refused((packet ? "--packet " : "--ctx ") + "'" + spec + "': " + e.getMessage());
        }
        throw new Refused("--ctx '" + spec + "' is not a context: expected hex bytes (0x...), @file or zeros:N");
    }

    /** The most a packet or context file may hold: the kernel takes far less; /dev/zero must not fill the heap. */
    static final int MAX_INPUT = 1 << 20;

    private static byte[] readBounded(Path p) throws java.io.IOException {
        try (java.io.InputStream in = Files.newInputStream(p)) {
            byte[] b = in.readNBytes(MAX_INPUT + 1);
            if (b.length > MAX_INPUT) throw new Refused(p + " holds more than " + MAX_INPUT + " bytes, more than any packet or context");
            return b;
        }
    }

    /** One {@code --set map:key=value}. */
    record Update(String map, String key, String value) {
        static Update parse(String s) throws UsageException {
            int colon = s.indexOf(':');
            int eq = s.lastIndexOf('=');
            if (colon <= 0 || eq < colon + 2 || eq == s.length() - 1) {
                throw new UsageException("--set '" + s + "': expected map:key=value, e.g. blocked:10.0.0.1=1");
            }
            return new Update(s.substring(0, colon), s.substring(colon + 1, eq), s.substring(eq + 1));
        }

        void apply(BpfObject o, ObjectSummary summary, Btf btf) {
            BpfMap m = o.findMap(map).orElseThrow(() -> new Refused("--set: no map '" + map + "'; the object has "
                    + o.maps().stream().map(BpfMap::name).toList()));
            byte[] k = bytes(o, key, m.keySize(), "--set " + map + ": key");
            byte[] v = bytes(o, value, m.valueSize(), "--set " + map + ": value");
            try {
                if (m.isPerCpu()) {
                    m.updatePerCpu(k, List.of(v), 0); // the same value on every CPU
                } else {
                    m.update(k, v);
                }
            } catch (KernelException e) {
                throw new IllegalStateException("--set " + map + ":" + key + "=" + value + ": the kernel refused the update: " + e.errnoName());
            }
        }
    }

    /** Bytes of {@code size} from a number, hex, IPv4 address or @program; {@code what} starts the message. */
    static byte[] bytes(BpfObject o, String s, int size, String what) {
        byte[] b;
        if (s.startsWith("@")) {
            b = le(BigInteger.valueOf(o.program(s.substring(1)).fd()), 4);
        } else if (s.startsWith("0x") || s.startsWith("0X")) {
            try {
                b = HexFormat.of().parseHex(s.substring(2).replaceAll("[\\s:_]", ""));
            } catch (IllegalArgumentException e) {
                throw new Refused(what + " '" + s + "' is not hex");
            }
        } else if (s.matches("\\d+\\.\\d+\\.\\d+\\.\\d+")) {
            try {
                b = Packets.addr(s);
            } catch (IllegalArgumentException e) {
                throw new Refused(what + ": " + e.getMessage());
            }
        } else if (s.matches("-?\\d+")) {
            BigInteger n = new BigInteger(s);
            if (n.bitLength() > size * 8) throw new Refused(what + " " + s + " does not fit in " + size + " bytes");
            b = le(n, size);
        } else {
            throw new Refused(what + " '" + s + "' is not a number, hex (0x...), IPv4 address or @program");
        }
        if (b.length != size) {
            throw new Refused(what + " is " + b.length + " bytes, it must be " + size);
        }
        return b;
    }

    private static byte[] le(BigInteger n, int size) {
        byte[] out = new byte[size];
        for (int i = 0; i < size; i++) out[i] = n.shiftRight(8 * i).byteValue();
        return out;
    }

    /** The context decoded with the type the program's first parameter points to, else hex. */
    private static String context(Btf btf, String prog, byte[] data) {
        Integer t = contextType(btf, prog);
        return t == null ? Records.hex(data) : BtfValues.format(btf, t, data);
    }

    /** The BTF type the program's first parameter points to, when it has a size; else null. */
    private static Integer contextType(Btf btf, String prog) {
        if (btf != null) {
            Optional<BtfType.Func> f = btf.find(prog, BtfType.Func.class);
            if (f.isPresent() && btf.resolve(f.get().type()) instanceof BtfType.FuncProto fp && !fp.params().isEmpty()
                    && btf.resolve(fp.params().getFirst().type()) instanceof BtfType.Ptr p && p.type() != 0
                    && btf.sizeOf(p.type()).orElse(0) > 0) {
                return p.type();
            }
        }
        return null;
    }

    /** The context as JSON: decoded like {@link #context}, else hex. */
    private static Object contextJson(Btf btf, String prog, byte[] data) {
        Integer t = contextType(btf, prog);
        return t == null ? Records.hex(data) : BtfValues.json(btf, t, data);
    }

    /** What a return value means for the program's kind ("" when it is just a number). */
    static String meaning(Optional<ProgramKind> kind, int ret) {
        return kind.map(k -> k.returns().meaning(ret)).orElse("");
    }

    /** An --expect value: a number, or a return-value name of the program's kind (else of any kind). */
    static int expected(String s, Optional<ProgramKind> kind) throws UsageException {
        try {
            return Integer.decode(s.strip());
        } catch (NumberFormatException e) {
            Optional<Long> v = kind.flatMap(k -> k.returns().value(s)).or(() -> ProgramKind.Returns.anyValue(s));
            if (v.isEmpty()) {
                throw new UsageException("--expect '" + s + "' is not a number or a known return value (XDP_PASS, TC_ACT_SHOT, SK_DROP, ...)");
            }
            return v.get().intValue();
        }
    }

    static String refusalHint(String type, Optional<ProgramKind> kind, boolean packet, boolean ctx, int errno) {
        if (errno == Errno.ENOTSUPP || errno == Errno.EOPNOTSUPP) {
            return "the kernel cannot test-run " + type + " programs; attach it instead (tinybpf run) or use a loader";
        }
        if (errno == Errno.EINVAL) {
            return switch (kind.map(ProgramKind::testInput).orElse(ProgramKind.TestInput.NONE)) {
                case PACKET -> packet ? "the packet or context is not valid for " + type + " (an Ethernet frame of at least 14 bytes?)"
                        : type + " programs run on a packet: pass --packet";
                case CONTEXT -> packet ? type + " programs take no packet: pass --ctx instead"
                        : "check the context size (--ctx zeros:N) against what the program reads";
                case NONE -> "the kernel rejected the test-run input for " + type + " programs";
            };
        }
        return "see the errno above";
    }
}

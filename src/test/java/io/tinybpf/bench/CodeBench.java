package io.tinybpf.bench;

import io.tinybpf.TinyBpf;
import io.tinybpf.bpf.MapType;
import io.tinybpf.diag.BuildException;
import io.tinybpf.diag.Reporter;
import io.tinybpf.kernel.BpfMap;
import io.tinybpf.kernel.BpfObject;
import io.tinybpf.kernel.BpfProgram;
import io.tinybpf.kernel.KernelException;
import io.tinybpf.kernel.LittleEndian;
import io.tinybpf.kernel.ProgInfo;
import io.tinybpf.kernel.RingBufferReader;
import io.tinybpf.kernel.TestRun;
import io.tinybpf.kernel.TestRunResult;
import io.tinybpf.pipeline.BuildRequest;
import io.tinybpf.testing.Requires;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The code-quality benchmark (issue 17): every program pair under {@code bench/code} is built by
 * tinybpf and by clang, both objects are loaded into the running kernel, run on the same inputs
 * (BPF_PROG_TEST_RUN) and their behaviour compared (return values, output packets and contexts,
 * map contents, ring buffer records); the figures are what the kernel reports for each program
 * after verification: xlated instructions ({@code xlated_prog_len / 8}) and instructions the
 * verifier processed ({@code verified_insns}), plus the instruction count libbpf submitted.
 *
 * <p>Run by {@code make bench-code} ({@code scripts/bench-code}); {@link CodeFiguresTest} holds the
 * results against the committed {@code bench/code/figures.tsv}.
 */
public final class CodeBench {
    private CodeBench() {}

    /** Figures for one program of one object. */
    record Counts(int insns, int xlated, int processed) {}

    /** One program's row: tinybpf's and clang's figures. */
    record Row(String bench, String program, String covers, Counts go, Counts c) {
        double xlatedRatio() {
            return (double) go.xlated() / c.xlated();
        }

        double processedRatio() {
            return (double) go.processed() / c.processed();
        }
    }

    /** What one object did: figures per program and the behaviour observed, in run order. */
    record Measured(Map<String, Counts> counts, List<String> behaviour) {}

    /** A case's result: its rows, and the first behaviour difference between the twins (null when they agree). */
    record Result(BenchCase bench, List<Row> rows, String mismatch, int observations) {}

    /** Builds the Go program with tinybpf ({@code profile} = an --opt-profile name; null for the default). */
    static Path buildGo(BenchCase b, Path work, String profile) throws IOException, BuildException {
        Path pkg = b.materialize(work.resolve("src"));
        Path out = work.resolve(b.name() + (profile == null ? "" : "-" + profile) + ".go.o");
        BuildRequest.Builder req = BuildRequest.builder().packageDir(pkg).output(out).cache(true).cacheDir(work.resolve("cache"))
                .out(new PrintStream(OutputStream.nullOutputStream()));
        b.programs().forEach(req::section);
        if (profile != null) req.optProfile(profile);
        TinyBpf.build(req.build(), new Reporter(d -> {}));
        return out;
    }

    /** Builds the C twin with clang-22 and the project's BPF flags. */
    static Path buildC(BenchCase b, Path work) {
        return Requires.compileBpf(b.dir().resolve("main.bpf.c"), work.resolve(b.name() + ".c.o"));
    }

    /** Loads {@code obj}, reads each program's figures, runs the inputs and records what happened. */
    static Measured measure(BenchCase b, Path obj) {
        List<String> seen = new ArrayList<>();
        Map<String, Counts> counts = new LinkedHashMap<>();
        List<BpfMap> inner = new ArrayList<>();
        try (BpfObject o = BpfObject.open(obj)) {
            try {
                o.load();
            } catch (KernelException e) {
                throw new IllegalStateException(obj.getFileName() + " was rejected by the kernel:\n" + e.getMessage(), e);
            }
            for (String p : b.programs().keySet()) {
                BpfProgram prog = o.program(p);
                ProgInfo info = prog.info();
                counts.put(p, new Counts(prog.instructionCount(), info.xlatedInsns(), info.verifiedInsns()));
            }
            for (BenchCase.ProgArray a : b.progArrays()) {
                BpfMap m = o.map(a.map());
                a.slots().forEach((slot, prog) -> m.update(LittleEndian.u32(slot), LittleEndian.u32(o.program(prog).fd())));
            }
            for (BenchCase.MapEntry e : b.mapEntries()) o.map(e.map()).update(e.key(), e.value());
            for (BenchCase.InnerMaps im : b.innerMaps()) {
                BpfMap outer = o.map(im.map());
                for (int slot : im.slots()) {
                    BpfMap m = BpfMap.create(im.type(), im.keySize(), im.valueSize(), im.maxEntries(), 0, "inner" + slot);
                    inner.add(m);
                    outer.update(LittleEndian.u32(slot), LittleEndian.u32(m.fd()));
                }
            }
            List<String> records = new ArrayList<>();
            RingBufferReader rb = null;
            for (BpfMap m : o.maps()) {
                if (m.type() != MapType.RINGBUF.number()) continue;
                String name = m.name();
                java.util.function.Consumer<byte[]> h = bytes -> records.add(name + " record " + HexFormat.of().formatHex(bytes));
                rb = rb == null ? RingBufferReader.open(m, h) : rb.add(m, h);
            }
            for (BenchCase.Input in : b.inputs()) {
                seen.add(in.program() + "(" + in.spec() + ") " + run(o.program(in.program()), in));
                if (rb != null) {
                    rb.consume();
                    seen.addAll(records);
                    records.clear();
                }
            }
            for (BpfMap m : o.maps()) seen.addAll(contents(m, inner));
        } finally {
            for (BpfMap m : inner) m.close();
        }
        return new Measured(counts, seen);
    }

    private static String run(BpfProgram p, BenchCase.Input in) {
        boolean skb = p.typeName().equals("sched_cls") || p.typeName().equals("socket_filter")
                || p.typeName().equals("sched_act") || p.typeName().equals("cgroup_skb");
        TestRun t = in.packet() != null ? TestRun.packet(in.packet()) : TestRun.context(in.context());
        // a __sk_buff comes back with the fields the program wrote (mark, priority, ...)
        if (skb) t = t.withContext(null, 192);
        TestRunResult r;
        try {
            r = p.testRun(t);
        } catch (KernelException e) {
            return "error " + e.errno();
        }
        StringBuilder sb = new StringBuilder("=> " + r.retval());
        if (in.packet() != null && !java.util.Arrays.equals(r.dataOut(), in.packet())) {
            sb.append(" packet ").append(HexFormat.of().formatHex(r.dataOut()));
        }
        if (r.ctxOut() != null && r.ctxOut().length > 0) sb.append(" ctx ").append(HexFormat.of().formatHex(r.ctxOut()));
        return sb.toString();
    }

    /**
     * The map's entries, sorted by key, for the map kinds whose contents are comparable: hash,
     * array, LRU and LPM maps; per-CPU values summed over the CPUs as 64-bit words (a test run may
     * execute on any CPU). Data sections (.data/.bss) differ in layout between the two compilers and
     * are left out; the programs return what they read from them.
     */
    private static List<String> contents(BpfMap m, List<BpfMap> inner) {
        int t = m.type();
        boolean comparable = t == MapType.HASH.number() || t == MapType.ARRAY.number() || t == MapType.LRU_HASH.number()
                || t == MapType.LPM_TRIE.number() || t == MapType.PERCPU_HASH.number() || t == MapType.PERCPU_ARRAY.number();
        if (!comparable || m.name().contains(".")) return List.of();
        TreeMap<String, String> sorted = new TreeMap<>();
        for (Map.Entry<byte[], byte[]> e : m.entries()) {
            byte[] v = e.getValue();
            if (m.isPerCpu()) v = sumPerCpu(v, (m.valueSize() + 7) & ~7);
            sorted.put(HexFormat.of().formatHex(e.getKey()), HexFormat.of().formatHex(v));
        }
        List<String> out = new ArrayList<>();
        sorted.forEach((k, v) -> out.add("map " + m.name() + " " + k + " = " + v));
        for (BpfMap i : inner) {
            TreeMap<String, String> in = new TreeMap<>();
            for (Map.Entry<byte[], byte[]> e : i.entries()) in.put(HexFormat.of().formatHex(e.getKey()), HexFormat.of().formatHex(e.getValue()));
            in.forEach((k, v) -> out.add("inner map " + i.name() + " " + k + " = " + v));
        }
        return out;
    }

    private static byte[] sumPerCpu(byte[] all, int stride) {
        byte[] sum = new byte[stride];
        for (int off = 0; off + stride <= all.length; off += stride) {
            for (int w = 0; w + 8 <= stride; w += 8) {
                long s = LittleEndian.u64At(sum, w) + LittleEndian.u64At(all, off + w);
                System.arraycopy(LittleEndian.u64(s), 0, sum, w, 8);
            }
        }
        return sum;
    }

    /** Builds, loads, runs and compares one case. */
    static Result run(BenchCase b, Path work, String profile) throws IOException, BuildException {
        Measured go = measure(b, buildGo(b, work, profile));
        Measured c = measure(b, buildC(b, work));
        String mismatch = null;
        for (int i = 0; i < Math.max(go.behaviour().size(), c.behaviour().size()) && mismatch == null; i++) {
            String g = i < go.behaviour().size() ? go.behaviour().get(i) : "(nothing)";
            String k = i < c.behaviour().size() ? c.behaviour().get(i) : "(nothing)";
            if (!g.equals(k)) mismatch = "Go: " + g + "\n   C: " + k;
        }
        List<Row> rows = new ArrayList<>();
        for (String p : b.programs().keySet()) rows.add(new Row(b.name(), p, b.covers(), go.counts().get(p), c.counts().get(p)));
        return new Result(b, rows, mismatch, go.behaviour().size());
    }

    static double geomean(List<Double> xs) {
        return Math.exp(xs.stream().mapToDouble(Math::log).average().orElse(0));
    }

    /** The results as a Markdown table with the geometric means (README, docs/performance.md). */
    static String table(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("| program | covers | xlated tinybpf | xlated clang | ratio | processed tinybpf | processed clang | ratio |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "| `%s` | %s | %d | %d | %s | %d | %d | %s |%n", r.program(), r.covers(),
                    r.go().xlated(), r.c().xlated(), ratio(r.xlatedRatio()), r.go().processed(), r.c().processed(),
                    ratio(r.processedRatio())));
        }
        long xOver = rows.stream().filter(r -> r.go().xlated() > r.c().xlated()).count();
        long pOver = rows.stream().filter(r -> r.go().processed() > r.c().processed()).count();
        sb.append(String.format(Locale.ROOT, "| **geomean** (%d programs; above clang: %d xlated, %d processed) | | | | **%.3f** | | | **%.3f** |%n",
                rows.size(), xOver, pOver, geomean(rows.stream().map(Row::xlatedRatio).toList()),
                geomean(rows.stream().map(Row::processedRatio).toList())));
        return sb.toString();
    }

    private static String ratio(double r) {
        String s = String.format(Locale.ROOT, "%.2f", r);
        return r > 1.0 ? "**" + s + "**" : s;
    }

    // ------------------------------------------------------------------ figures file

    static final String FIGURES_HEADER = "# bench/code figures: regenerated on purpose by scripts/bench-code --update; CodeFiguresTest fails when a\n"
            + "# program's xlated count grows by more than 2 instructions over these.\n";

    static String figures(List<Row> rows, String environment) {
        StringBuilder sb = new StringBuilder(FIGURES_HEADER);
        sb.append("# ").append(environment).append('\n');
        sb.append("bench\tprogram\tgo_insns\tgo_xlated\tgo_processed\tc_insns\tc_xlated\tc_processed\n");
        for (Row r : rows) {
            sb.append(String.join("\t", r.bench(), r.program(), "" + r.go().insns(), "" + r.go().xlated(), "" + r.go().processed(),
                    "" + r.c().insns(), "" + r.c().xlated(), "" + r.c().processed())).append('\n');
        }
        return sb.toString();
    }

    /** The committed figures: program → row (covers is not stored). */
    static Map<String, Row> readFigures(Path file) throws IOException {
        Map<String, Row> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("#") || line.startsWith("bench\t") || line.isBlank()) continue;
            String[] f = line.split("\t");
            out.put(f[1], new Row(f[0], f[1], "", new Counts(Integer.parseInt(f[2]), Integer.parseInt(f[3]), Integer.parseInt(f[4])),
                    new Counts(Integer.parseInt(f[5]), Integer.parseInt(f[6]), Integer.parseInt(f[7]))));
        }
        return out;
    }

    static Path figuresFile(Path repo) {
        return BenchCase.root(repo).resolve("figures.tsv");
    }

    /** Kernel release, clang and TinyGo versions: what the figures depend on besides tinybpf. */
    static String environment(String profile) {
        String kernel;
        try {
            kernel = Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
        } catch (IOException e) {
            kernel = "unknown";
        }
        return "kernel " + kernel + ", " + Requires.clang() + " " + String.join(" ", Requires.BPF_CFLAGS) + ", --opt-profile "
                + (profile == null ? "default" : profile);
    }

    /**
     * {@code CodeBench [--profile a,b,...] [--update] [--only name,...] [--out dir]}: runs every case with each
     * profile (the first is the one reported; none = tinybpf's default), prints the table, and with
     * {@code --update} rewrites bench/code/figures.tsv and the tables in README.md and docs/performance.md.
     */
    public static void main(String[] args) throws Exception {
        List<String> profiles = new ArrayList<>();
        List<String> only = new ArrayList<>();
        boolean update = false, keep = false;
        Path out = Path.of("target/bench");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--profile" -> profiles.addAll(List.of(args[++i].split(",")));
                case "--only" -> only.addAll(List.of(args[++i].split(",")));
                case "--update" -> update = true;
                case "--out" -> out = Path.of(args[++i]);
                case "--keep" -> keep = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (profiles.isEmpty()) profiles.add(null);
        Path repo = Requires.repo();
        Files.createDirectories(out);
        Path work = Files.createTempDirectory(out.toAbsolutePath(), "code-");
        List<BenchCase> cases = BenchCase.all(repo).stream().filter(b -> only.isEmpty() || only.contains(b.name())).toList();
        StringBuilder summary = new StringBuilder();
        List<Row> reported = null;
        int failures = 0;
        for (String profile : profiles) {
            List<Row> rows = new ArrayList<>();
            int rejected = 0;
            for (BenchCase b : cases) {
                Result r;
                try {
                    r = run(b, work, profile);
                } catch (BuildException e) {
                    System.err.println(b.name() + " [" + (profile == null ? "default" : profile) + "]: tinybpf build failed:\n" + e.format());
                    rejected++;
                    continue;
                } catch (IllegalStateException | AssertionError e) {
                    System.err.println(b.name() + " [" + (profile == null ? "default" : profile) + "]: " + e.getMessage());
                    rejected++;
                    continue;
                }
                if (r.mismatch() != null) {
                    System.err.println(b.name() + " [" + (profile == null ? "default" : profile) + "]: the twins behave differently:\n   " + r.mismatch());
                    failures++;
                }
                rows.addAll(r.rows());
            }
            String name = profile == null ? "default" : profile;
            String t = table(rows);
            Files.writeString(out.resolve("code-" + name + ".md"), t);
            summary.append(String.format(Locale.ROOT, "--opt-profile %-13s xlated geomean %.3f, processed geomean %.3f, %d of %d programs above clang (xlated), %d rejected or failed to build%n",
                    name, geomean(rows.stream().map(Row::xlatedRatio).toList()), geomean(rows.stream().map(Row::processedRatio).toList()),
                    rows.stream().filter(r -> r.go().xlated() > r.c().xlated()).count(), rows.size(), rejected));
            if (reported == null) {
                reported = rows;
                System.out.println("code quality, tinybpf (--opt-profile " + name + ") against clang " + String.join(" ", Requires.BPF_CFLAGS)
                        + ", figures read from the kernel:\n");
                System.out.println(t);
                if (rejected > 0) failures += rejected;
            }
        }
        System.out.print(summary);
        Files.writeString(out.resolve("code-summary.txt"), summary.toString());
        if (update) {
            if (failures > 0 || !only.isEmpty()) throw new IllegalStateException("--update needs a complete run without failures");
            Files.writeString(figuresFile(repo), figures(reported, environment(profiles.getFirst())));
            for (String doc : List.of("README.md", "docs/performance.md")) {
                Path p = repo.resolve(doc);
                Files.writeString(p, replaceTable(Files.readString(p), table(reported)));
            }
            System.out.println("wrote " + figuresFile(repo) + ", README.md and docs/performance.md");
        }
        if (keep) System.out.println("objects kept in " + work + " (<case>.go.o, <case>.c.o: llvm-objdump -d --no-show-raw-insn)");
        else io.tinybpf.util.AtomicFiles.deleteTree(work);
        if (failures > 0) System.exit(1);
    }

    static final String BEGIN = "<!-- bench-code:begin -->", END = "<!-- bench-code:end -->";

    /** Replaces the generated table between the markers. */
    static String replaceTable(String doc, String table) {
        int b = doc.indexOf(BEGIN), e = doc.indexOf(END);
        if (b < 0 || e < b) throw new IllegalArgumentException("no " + BEGIN + " ... " + END + " markers");
        return doc.substring(0, b + BEGIN.length()) + "\n" + GENERATED + table + doc.substring(e);
    }

    static final String GENERATED = "<!-- generated from bench/code/figures.tsv by scripts/bench-code --update; CodeFiguresTest checks it -->\n";
}

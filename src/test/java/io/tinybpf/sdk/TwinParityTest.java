package io.tinybpf.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.TinyBpf;
import io.tinybpf.btf.Btf;
import io.tinybpf.btf.BtfType;
import io.tinybpf.config.ProjectConfig;
import io.tinybpf.elf.ElfFile;
import io.tinybpf.elf.ObjectSummary;
import io.tinybpf.kernel.BpfObject;
import io.tinybpf.kernel.BpfProgram;
import io.tinybpf.kernel.KernelException;
import io.tinybpf.pipeline.BuildRequest;
import io.tinybpf.testing.Examples;
import io.tinybpf.testing.Requires;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Each example written with the SDK against its hand-written twin (the example as it was before,
 * kept in src/test/resources/io/tinybpf/twins): the same libbpf BTF map definitions (type,
 * sizes, limits, flags, and key, value and record types of the same layout) and, loaded by the
 * kernel, the same number of translated instructions within two.
 */
@Tag("tinygo")
@Tag("llvm")
class TwinParityTest {
    static final int TOLERANCE = 2;

    static Path twinsDir() {
        return Requires.repo().resolve("src/test/resources/io/tinybpf/twins");
    }

    static List<String> twins() throws IOException {
        try (Stream<Path> s = Files.list(twinsDir())) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static final Map<String, Path> BUILT = new ConcurrentHashMap<>();

    static Path buildTwin(String name) {
        return BUILT.computeIfAbsent(name, n -> {
            try {
                Path dir = twinsDir().resolve(n);
                ProjectConfig cfg = ProjectConfig.load(dir.resolve(ProjectConfig.FILE_NAME));
                Path out = Files.createTempDirectory("tinybpf-twin-").resolve(n + ".bpf.o");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> io.tinybpf.util.AtomicFiles.deleteTree(out.getParent())));
                TinyBpf.build(BuildRequest.builder().packageDir(dir).output(out).programs(List.copyOf(cfg.programs().keySet()))
                        .sections(cfg.programs()).out(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                        .cache(false).build());
                return out;
            } catch (Exception e) {
                throw new AssertionError("building twin " + n + ": " + e, e);
            }
        });
    }

    @Test
    void everyPortedExampleHasATwin() throws Exception {
        List<String> t = twins();
        assertTrue(t.size() >= 12, "at least 12 examples ported to the SDK, with twins: " + t);
        for (String n : t) {
            assertTrue(Files.readString(Examples.examplesDir().resolve(n).resolve("go.mod")).contains("tinybpf.io/sdk"), n + " uses the SDK");
            assertTrue(!Files.readString(twinsDir().resolve(n).resolve("go.mod")).contains("tinybpf.io/sdk"), "twin " + n + " is hand-declared");
        }
    }

    @Test
    void mapDefinitionsAreTheHandWrittenOnes() throws Exception {
        Examples.requireToolchain();
        StringBuilder report = new StringBuilder();
        for (String n : twins()) {
            ElfFile sdk = ElfFile.read(Examples.build(n).object()), twin = ElfFile.read(buildTwin(n));
            ObjectSummary s = ObjectSummary.summarize(sdk), t = ObjectSummary.summarize(twin);
            Btf sb = btf(sdk), tb = btf(twin);
            assertEquals(t.maps().stream().map(ObjectSummary.MapInfo::name).sorted().toList(),
                    s.maps().stream().map(ObjectSummary.MapInfo::name).sorted().toList(), n + ": the same maps");
            for (ObjectSummary.MapInfo tm : t.maps()) {
                ObjectSummary.MapInfo sm = s.map(tm.name()).orElseThrow();
                assertEquals(definition(tm), definition(sm), n + ": map " + tm.name());
                assertEquals(shape(tb, tm.keyTypeId()), shape(sb, sm.keyTypeId()), n + ": key type of " + tm.name());
                assertEquals(shape(tb, tm.valueTypeId()), shape(sb, sm.valueTypeId()), n + ": value type of " + tm.name());
                report.append(String.format("  %-20s %-12s %s%n", n, tm.name(), definition(sm)));
            }
            Map<String, String> tEvents = new TreeMap<>(), sEvents = new TreeMap<>();
            tb.eventTypes().forEach((k, v) -> tEvents.put(k, shape(tb, v)));
            sb.eventTypes().forEach((k, v) -> sEvents.put(k, shape(sb, v)));
            assertEquals(tEvents, sEvents, n + ": record types in BTF");
        }
        System.err.println("SDK map definitions equal to the hand-written ones:\n" + report);
    }

    @Test
    @Tag("kernel")
    void translatedInstructionCountsMatchTheTwins() throws Exception {
        Examples.requireToolchain();
        Requires.kernel();
        StringBuilder report = new StringBuilder(String.format("  %-20s %-18s %6s %6s%n", "example", "program", "SDK", "twin"));
        int compared = 0;
        for (String n : twins()) {
            Map<String, Integer> sdk = counts(Examples.build(n).object()), twin = counts(buildTwin(n));
            assertEquals(twin.keySet(), sdk.keySet(), n + ": the same programs");
            for (String p : twin.keySet()) {
                int a = sdk.get(p), b = twin.get(p);
                report.append(String.format("  %-20s %-18s %6s %6s%n", n, p, label(a), label(b)));
                assertTrue(Math.abs(Math.abs(a) - Math.abs(b)) <= TOLERANCE, n + "/" + p + ": SDK " + label(a) + ", twin " + label(b));
                compared++;
            }
        }
        System.err.println("translated instructions (kernel xlated; * = object instructions where this kernel refuses the type):\n" + report);
        assertTrue(compared >= 12, "programs compared: " + compared);
    }

    static String label(int n) {
        return n < 0 ? -n + "*" : String.valueOf(n);
    }

    /**
     * Per program: the kernel's translated instruction count after load; for program types this
     * kernel refuses (fentry, LSM: EPERM), the object's count, negated.
     */
    static Map<String, Integer> counts(Path obj) throws Exception {
        Map<String, Integer> out = new TreeMap<>();
        ObjectSummary summary = ObjectSummary.summarize(ElfFile.read(obj));
        try (BpfObject o = BpfObject.open(obj)) {
            try {
                o.load();
                for (BpfProgram p : o.programs()) out.put(p.name(), p.info().xlatedInsns());
                return out;
            } catch (KernelException e) {
                if (e.errno() != 1) throw e; // EPERM: a type this kernel refuses, not a verifier rejection
            }
        }
        for (ObjectSummary.Program p : summary.programs()) out.put(p.name(), (int) -p.instructions());
        return out;
    }

    static Btf btf(ElfFile elf) throws Exception {
        return Btf.parse(elf.section(".BTF").orElseThrow().bytes());
    }

    static String definition(ObjectSummary.MapInfo m) {
        return m.typeName() + " key " + m.keySize() + " value " + m.valueSize() + " max " + m.maxEntries() + " flags " + m.mapFlags()
                + " pinning " + m.pinning() + m.inner().map(i -> " inner(" + definition(i) + ")").orElse("");
    }

    /** A type's layout without its names: kinds, sizes, signedness, offsets, counts. */
    static String shape(Btf btf, int id) {
        if (id == 0) return "none";
        List<String> out = new ArrayList<>();
        shape(btf, id, out, 0);
        return String.join(" ", out);
    }

    private static void shape(Btf btf, int id, List<String> out, int depth) {
        if (depth > 6) {
            out.add("...");
            return;
        }
        BtfType t = btf.resolve(id);
        switch (t) {
            case BtfType.Int i -> out.add((i.signed() ? "i" : "u") + 8 * i.size());
            case BtfType.Ptr p -> {
                out.add("*");
                shape(btf, p.type(), out, depth + 1);
            }
            case BtfType.Array a -> {
                out.add("[" + a.nelems() + "]");
                shape(btf, a.elemType(), out, depth + 1);
            }
            case BtfType.Composite c -> {
                out.add((c instanceof BtfType.Union ? "union" : "struct") + c.size() + "{");
                for (BtfType.Member m : c.members()) {
                    out.add("@" + m.bitOffset() / 8 + ":");
                    shape(btf, m.type(), out, depth + 1);
                }
                out.add("}");
            }
            case BtfType.Enum e -> out.add("enum" + e.size());
            default -> out.add(t.kind().toString());
        }
    }
}

package io.tinybpf.bench;

import io.tinybpf.testing.TestInputs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One program pair of the code-quality benchmark: {@code bench/code/<name>/main.go} (built by
 * tinybpf) and its C twin {@code main.bpf.c} (built by clang), described by the Go file's header:
 * <pre>
 * // bench: what the programs do (one line)
 * // covers: the constructs it measures (the list)
 * // program: struct_eq syscall                 a program and its section (repeatable; the C twin
 *                                               has the same function in the same section)
 * // input: struct_eq ctx=u32:1,u16:2            a BPF_PROG_TEST_RUN input (TestInputs specs;
 * // input: xdp_parse packet=udp 10.0.0.1:1 > 10.0.0.2:53      a syscall context is zero-padded)
 * // prog-array: jumps 17=tail_udp 6=tail_tcp    slots the harness fills with program fds
 * // inner-maps: tenants hash:4:8:16 0,1         inner maps the harness creates and stores
 * // map-entry: routes u32:8,u8:10 = u32:1       an entry stored before the runs (TestInputs contexts)
 * </pre>
 * The Go file is copied alone into a module of its own to build (a C file beside Go sources would
 * make the go tool ask for cgo).
 */
record BenchCase(String name, Path dir, String title, String covers, Map<String, String> programs, List<Input> inputs,
                 List<ProgArray> progArrays, List<InnerMaps> innerMaps, List<MapEntry> mapEntries) {
    /** A test-run input for one program: a context (syscall) or a packet. */
    record Input(String program, String spec, byte[] context, byte[] packet) {}

    /** A program array slot filled before the runs: {@code slots} index → program name. */
    record ProgArray(String map, Map<Integer, String> slots) {}

    /** Inner maps created (type, key size, value size, max entries) and stored at {@code slots} of {@code map}. */
    record InnerMaps(String map, int type, int keySize, int valueSize, int maxEntries, List<Integer> slots) {}

    /** An entry stored into a map of the object before the runs. */
    record MapEntry(String map, byte[] key, byte[] value) {}

    /** Syscall contexts are padded to this size: the kernel lets a syscall program read up to the context it was given. */
    static final int CONTEXT_SIZE = 256;

    static Path root(Path repo) {
        return repo.resolve("bench/code");
    }

    static List<BenchCase> all(Path repo) {
        List<BenchCase> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root(repo))) {
            for (Path d : dirs.filter(p -> Files.isRegularFile(p.resolve("main.go"))).sorted().toList()) out.add(parse(d));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static BenchCase parse(Path dir) {
        String title = null, covers = null;
        Map<String, String> programs = new LinkedHashMap<>();
        List<Input> inputs = new ArrayList<>();
        List<ProgArray> arrays = new ArrayList<>();
        List<InnerMaps> inner = new ArrayList<>();
        List<MapEntry> entries = new ArrayList<>();
        for (Map.Entry<String, String> header : io.tinybpf.testing.HeaderComments.read(dir.resolve("main.go"))) {
            String key = header.getKey(), value = header.getValue();
            String[] w = value.split("\\s+");
            switch (key) {
                case "bench" -> title = value;
                case "covers" -> covers = value;
                case "program" -> programs.put(w[0], w[1]);
                case "input" -> inputs.add(input(dir, w[0], value.substring(w[0].length()).strip()));
                case "prog-array" -> {
                    Map<Integer, String> slots = new LinkedHashMap<>();
                    for (int i = 1; i < w.length; i++) {
                        String[] kv = w[i].split("=", 2);
                        slots.put(Integer.parseInt(kv[0]), kv[1]);
                    }
                    arrays.add(new ProgArray(w[0], slots));
                }
                case "inner-maps" -> {
                    String[] shape = w[1].split(":");
                    int type = io.tinybpf.bpf.MapType.valueOf(shape[0].toUpperCase(java.util.Locale.ROOT)).number();
                    List<Integer> slots = Stream.of(w[2].split(",")).map(Integer::parseInt).toList();
                    inner.add(new InnerMaps(w[0], type, Integer.parseInt(shape[1]), Integer.parseInt(shape[2]),
                            Integer.parseInt(shape[3]), slots));
                }
                case "map-entry" -> {
                    String[] kv = value.substring(w[0].length()).split("=", 2);
                    entries.add(new MapEntry(w[0], TestInputs.context(kv[0].strip()), TestInputs.context(kv[1].strip())));
                }
                default -> throw new IllegalArgumentException(dir + ": unknown header '" + key + "'");
            }
        }
        if (title == null || covers == null) throw new IllegalArgumentException(dir + ": needs '// bench:' and '// covers:' headers");
        if (programs.isEmpty()) throw new IllegalArgumentException(dir + ": no '// program:' header");
        if (!Files.isRegularFile(dir.resolve("main.bpf.c"))) throw new IllegalArgumentException(dir + ": no C twin main.bpf.c");
        for (Input in : inputs) {
            if (!programs.containsKey(in.program())) throw new IllegalArgumentException(dir + ": input for unknown program " + in.program());
        }
        return new BenchCase(dir.getFileName().toString(), dir, title, covers, programs, inputs, arrays, inner, entries);
    }

    private static Input input(Path dir, String program, String spec) {
        if (spec.startsWith("packet=")) return new Input(program, spec, null, TestInputs.packet(spec.substring(7)));
        if (spec.startsWith("ctx=")) {
            byte[] given = TestInputs.context(spec.substring(4));
            if (given.length > CONTEXT_SIZE) throw new IllegalArgumentException(dir + ": context over " + CONTEXT_SIZE + " bytes");
            return new Input(program, spec, java.util.Arrays.copyOf(given, CONTEXT_SIZE), null);
        }
        throw new IllegalArgumentException(dir + ": input must be ctx=... or packet=...: " + spec);
    }

    /** The Go program as a module of its own under {@code parent}: main.go, a go.mod and the !tinygo stub. */
    Path materialize(Path parent) throws IOException {
        Path d = Files.createDirectories(parent.resolve(name));
        Files.copy(dir.resolve("main.go"), d.resolve("main.go"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(d.resolve("go.mod"), "module bench/" + name + "\n\ngo 1.22\n");
        Files.writeString(d.resolve("stub.go"), "//go:build !tinygo\n\npackage main\n\nfunc main() {}\n");
        return d;
    }
}

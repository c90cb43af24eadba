package io.tinybpf.compat;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.elf.ElfFile;
import io.tinybpf.elf.ObjectSummary;
import io.tinybpf.kernel.Fixtures;
import io.tinybpf.testing.Examples;
import io.tinybpf.testing.GoTool;
import io.tinybpf.testing.Requires;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code bpftool prog loadall OBJ /sys/fs/bpf/<unique>} for every example: each program is loaded
 * through libbpf and the verifier and pinned, except where this kernel refuses a program type (probed
 * with tinybpf's loader: bpftool must then fail with that errno's message). tc-port-drop needs {@code type tc}: its
 * section {@code tc/ingress} is newer than libbpf 1.1, which Debian 12's bpftool 7.1 is built on
 * (newer libbpf and cilium/ebpf know it). Pins are removed afterwards.
 */
@Tag("tinygo")
@Tag("llvm")
@Tag("kernel")
class BpftoolCompatTest {
    /** Sections libbpf 1.1 cannot classify, with the program type to pass instead. */
    static final Map<String, String> TYPE_OVERRIDE = Map.of("tc-port-drop", "tc");

    static Path bpftool() {
        Optional<Path> p = Files.isExecutable(Path.of("/usr/sbin/bpftool")) ? Optional.of(Path.of("/usr/sbin/bpftool")) : Requires.onPath("bpftool");
        Requires.that(p.isPresent(), "bpftool (scripts/setup kernel)");
        return p.orElseThrow();
    }

    @Test
    void everyExampleLoadsWithBpftool() throws Exception {
        Examples.requireToolchain();
        Requires.kernel();
        Path bpftool = bpftool();
        List<String> problems = new ArrayList<>();
        StringBuilder report = new StringBuilder("bpftool prog loadall:\n");
        for (String name : Examples.names()) {
            Path obj = Examples.build(name).object();
            Path pin = Path.of("/sys/fs/bpf").resolve(Fixtures.uniqueName("tinybpf-compat-" + name + "-"));
            List<String> cmd = new ArrayList<>(List.of(bpftool.toString(), "prog", "loadall", obj.toString(), pin.toString()));
            if (TYPE_OVERRIDE.containsKey(name)) cmd.addAll(List.of("type", TYPE_OVERRIDE.get(name)));
            try {
                GoTool.Result r = GoTool.exec(obj.getParent(), Map.of(), Duration.ofMinutes(1), cmd);
                TreeSet<String> pinned = new TreeSet<>();
                if (Files.isDirectory(pin)) {
                    try (Stream<Path> s = Files.list(pin)) {
                        s.forEach(p -> pinned.add(p.getFileName().toString()));
                    }
                }
                TreeSet<String> programs = new TreeSet<>();
                for (ObjectSummary.Program p : ObjectSummary.summarize(ElfFile.read(obj)).programs()) programs.add(p.name());
                String refused = CiliumCompatTest.refusal(obj);
                if (refused != null) {
                    String why = io.tinybpf.kernel.Errno.description(io.tinybpf.kernel.Errno.number(refused));
                    report.append(String.format("  %-20s refused like tinybpf's load: %s (exit %d)%n", name, refused, r.exit()));
                    if (r.exit() == 0 || !r.output().contains(why)) {
                        problems.add(name + ": tinybpf's load is refused with " + refused + " ('" + why + "'), bpftool: exit " + r.exit() + ":\n" + r.output());
                    }
                } else {
                    report.append(String.format("  %-20s exit %d, pinned %s%s%n", name, r.exit(), pinned,
                            TYPE_OVERRIDE.containsKey(name) ? " (type " + TYPE_OVERRIDE.get(name) + ")" : ""));
                    if (r.exit() != 0) problems.add(name + ": exit " + r.exit() + ":\n" + r.output());
                    else if (!pinned.equals(programs)) problems.add(name + ": pinned " + pinned + ", programs " + programs);
                }
            } finally {
                if (Files.isDirectory(pin)) {
                    try (Stream<Path> s = Files.list(pin)) {
                        for (Path p : s.toList()) Files.deleteIfExists(p);
                    }
                    Files.deleteIfExists(pin);
                }
            }
        }
        System.err.print(report);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }
}

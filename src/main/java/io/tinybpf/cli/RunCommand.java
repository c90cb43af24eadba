package io.tinybpf.cli;

import io.tinybpf.util.Env;
import io.tinybpf.bpf.SectionDef;
import io.tinybpf.bpf.SectionNames;
import io.tinybpf.btf.Btf;
import io.tinybpf.elf.ElfFile;
import io.tinybpf.kernel.BpfLink;
import io.tinybpf.kernel.BpfObject;
import io.tinybpf.kernel.BpfProgram;
import io.tinybpf.kernel.KernelException;
import io.tinybpf.kernel.LoadResult;
import io.tinybpf.kernel.VerifierReport;
import io.tinybpf.util.Durations;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * Loads an object, attaches its tracing programs (tracepoints, raw tracepoints, tp_btf, kprobes,
 * uprobes with a {@code path:function} target), prints what its ring buffers and perf event arrays
 * deliver — decoded with the record types tinybpf put into BTF — and detaches. Programs that
 * attach to a device, cgroup or socket are loaded but left to a real loader.
 */
final class RunCommand extends Command {
    @Override
    String name() {
        return "run";
    }

    @Override
    String summary() {
        return "Load an object, attach its tracing programs and print the events they send.";
    }

    @Override
    String synopsis() {
        return "run [--duration 5s] [--exec <cmd>] <object>";
    }

    @Override
    void define(CommandSpec spec) {
        value(spec, "<duration>", "How long to listen (default 5s; with --exec: until the command ends, plus 0.5s).", "--duration");
        value(spec, "<cmd>", "Run this shell command once the programs are attached (to cause events).", "--exec");
        repeated(spec, "<name>", "Load only these programs (repeatable; default all).", "--program");
        positionals(spec, "<object>", "The BPF object.");
    }

    @Override
    int run(ParseResult pr, Io con) throws Exception {
        List<String> args = args(pr);
        if (args.size() != 1) throw new UsageException("exactly one object argument is required");
        Path obj = Env.path(args.getFirst());
        Duration duration = str(pr, "--duration") != null ? Durations.parse(str(pr, "--duration")) : Duration.ofSeconds(5);
        List<String> only = list(pr, "--program");
        Btf btf = Records.btf(ElfFile.read(obj));
        PrintStream out = con.out();
        try (BpfObject o = BpfObject.open(obj)) {
            for (BpfProgram p : o.programs()) if (!only.isEmpty()) p.setAutoload(only.contains(p.name()));
            LoadResult loaded;
            try {
                loaded = o.load();
            } catch (KernelException e) {
                return loadFailed(con, obj, e);
            }
            for (VerifierReport r : loaded.programs()) {
                out.printf("loaded %s (verifier: %d instructions processed)%n", r.program(), r.stats().processedInsns());
            }
            for (BpfProgram p : o.programs()) {
                if (!p.autoload()) continue;
                String how = attach(p);
                out.println(how);
            }
            Records records = Records.open(o, btf, out::println);
            out.flush();
            Process child = null;
            if (str(pr, "--exec") != null) {
                child = new ProcessBuilder("/bin/sh", "-c", str(pr, "--exec")).inheritIO().start();
            }
            long deadline = System.nanoTime() + duration.toNanos();
            while (true) {
                records.poll(Duration.ofMillis(50));
                if (records.isEmpty()) Thread.sleep(50);
                out.flush();
                if (child != null) {
                    if (!child.isAlive()) {
                        child = null;
                        deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
                    }
                } else if (System.nanoTime() > deadline) {
                    break;
                }
            }
            records.close();
        }
        out.println("detached");
        return OK;
    }

    /** Attaches one program by its section, returning a line describing what happened. */
    private static String attach(BpfProgram p) {
        String section = p.section();
        Optional<SectionDef> def = SectionNames.resolve(section);
        String target = def.flatMap(d -> d.targetOf(section)).orElse("");
        if (def.isEmpty()) return p.name() + ": loaded, not attached (libbpf does not know section " + section + ")";
        SectionDef d = def.get();
        try {
            BpfLink l; // closed with the object
            switch (d.programKind().attach()) {
                case TRACEPOINT -> {
                    int slash = target.indexOf('/');
                    if (slash < 0) return p.name() + ": not attached (section " + section + " names no category/event)";
                    l = p.attachTracepoint(target.substring(0, slash), target.substring(slash + 1));
                }
                case RAW_TRACEPOINT -> l = p.attachRawTracepoint(target);
                // the multi, session and syscall forms are attached by libbpf from the section name
                case KPROBE -> l = d.kind().equals("kprobe") || d.kind().equals("kretprobe") ? p.attachKprobe(target, d.returnProbe()) : p.attach();
                case UPROBE -> {
                    if (!d.kind().equals("uprobe") && !d.kind().equals("uretprobe")) {
                        l = p.attach();
                        break;
                    }
                    int colon = target.lastIndexOf(':');
                    if (colon < 0) return p.name() + ": not attached (a uprobe section needs <binary>:<function>, e.g. uprobe//bin/bash:readline)";
                    l = p.attachUprobe(Env.path(target.substring(0, colon)), target.substring(colon + 1), d.returnProbe());
                }
                case AUTO -> l = p.attach();
                case DEVICE, CGROUP, SOCKET, MANUAL -> {
                    return p.name() + ": loaded, not attached (" + d.kind() + " programs attach to a device, cgroup or socket: "
                            + "use a loader, see tinybpf generate)";
                }
            }
            return p.name() + ": attached (" + section + ")";
        } catch (KernelException e) {
            return p.name() + ": could not attach (" + section + "): " + e.errnoName() + " — " + e.getMessage().lines().findFirst().orElse("");
        }
    }
}

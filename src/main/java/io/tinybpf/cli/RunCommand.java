package io.tinybpf.cli;

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
import io.tinybpf.elf.ObjectSummary;
import io.tinybpf.kernel.BpfMap;
import io.tinybpf.util.Durations;
import io.tinybpf.util.Json;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * Loads an object, attaches its tracing programs (tracepoints, raw tracepoints, tp_btf, kprobes,
 * uprobes with a {@code path:function} target), prints what its ring buffers and perf event arrays
 * deliver — decoded with the record types tinybpf put into BTF — and detaches. Programs that
 * attach to a device, cgroup or socket are loaded but left to a real loader. A program that fails
 * to attach ends the run with exit 1. {@code --dump} prints maps (periodically with
 * {@code --dump-every}); {@code --json} prints every event as one JSON object per line.
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
        return "run [--duration 5s] [--exec <cmd>] [--dump <map>] [--json] <object>";
    }

    @Override
    void define(CommandSpec spec) {
        value(spec, "<duration>", "How long to listen (default 5s; with --exec: until the command ends, plus 0.5s).", "--duration");
        value(spec, "<cmd>", "Run this shell command once the programs are attached (to cause events).", "--exec");
        repeated(spec, "<name>", "Load only these programs (repeatable; default all).", "--program");
        repeated(spec, "<map>", "Print this map's contents, decoded with its BTF types, before detaching (repeatable).", "--dump");
        value(spec, "<duration>", "With --dump: also print the maps every <duration> while running, e.g. 2s.", "--dump-every");
        jsonFlag(spec, "one JSON object per line (loaded, attached, record, dump, detached)");
        positionals(spec, "<object>", "The BPF object.");
    }

    /**
     * What happens during a run, in order; each renders as the text line users read and as one
     * JSON object per line (docs/schemas/run-event.schema.json).
     */
    sealed interface Event {
        String text();

        Map<String, Object> json();

        private static Map<String, Object> of(String event, Object... kv) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("event", event);
            for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
            return m;
        }
    }

    record Loaded(String program, int processedInsns) implements Event {
        public String text() {
            return "loaded " + program + " (verifier: " + processedInsns + " instructions processed)";
        }

        public Map<String, Object> json() {
            return Event.of("loaded", "program", program, "processed_insns", (long) processedInsns);
        }
    }

    /** A program attached, or left unattached because run cannot know where (reason set). */
    record Attached(String program, String section, boolean attached, String reason) implements Event {
        public String text() {
            return attached ? program + ": attached (" + section + ")" : program + ": " + reason;
        }

        public Map<String, Object> json() {
            return attached ? Event.of("attached", "program", program, "section", section)
                    : Event.of("not_attached", "program", program, "section", section, "reason", reason);
        }
    }

    record AttachFailed(String program, String section, String errno, String message) implements Event {
        public String text() {
            return program + ": could not attach (" + section + "): " + errno + " — " + message;
        }

        public Map<String, Object> json() {
            return Event.of("attach_failed", "program", program, "section", section, "errno", errno, "message", message);
        }
    }

    record RecordEvent(Records.Record record) implements Event {
        public String text() {
            return record.text();
        }

        public Map<String, Object> json() {
            Map<String, Object> m = Event.of("record");
            m.putAll(record.json());
            return m;
        }
    }

    record Dump(MapDump dump) implements Event {
        public String text() {
            java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
            PrintStream p = new PrintStream(b, true, java.nio.charset.StandardCharsets.UTF_8);
            dump.print(p);
            return b.toString(java.nio.charset.StandardCharsets.UTF_8).stripTrailing();
        }

        public Map<String, Object> json() {
            Map<String, Object> m = Event.of("dump");
            m.putAll(dump.json());
            return m;
        }
    }

    record LoadFailed(String error) implements Event {
        public String text() {
            return "load failed: " + error;
        }

        public Map<String, Object> json() {
            return Event.of("load_failed", "error", error);
        }
    }

    record Detached() implements Event {
        public String text() {
            return "detached";
        }

        public Map<String, Object> json() {
            return Event.of("detached");
        }
    }

    @Override
    int run(ParseResult pr, Io con) throws Exception {
        List<String> args = args(pr);
        if (args.size() != 1) throw new UsageException("exactly one object argument is required");
        Path obj = Path.of(args.getFirst());
        Duration duration = duration(pr, "--duration", Duration.ofSeconds(5));
        Duration dumpEvery = duration(pr, "--dump-every", null);
        List<String> only = list(pr, "--program");
        List<String> dumps = list(pr, "--dump");
        if (dumpEvery != null && dumps.isEmpty()) throw new UsageException("--dump-every needs --dump <map>");
        boolean json = bool(pr, "--json");
        PrintStream out = con.out();
        Consumer<Event> emit = e -> out.println(json ? Json.line(e.json()) : e.text());
        ElfFile elf = ElfFile.read(obj);
        Btf btf = Records.btf(elf);
        ObjectSummary summary = ObjectSummary.summarize(elf);
        try (BpfObject o = BpfObject.open(obj)) {
            for (BpfProgram p : o.programs()) if (!only.isEmpty()) p.setAutoload(only.contains(p.name()));
            for (String d : dumps) {
                if (o.maps().stream().noneMatch(m -> m.name().equals(d))) {
                    con.err().println("error: --dump: no map '" + d + "'; the object has " + o.maps().stream().map(BpfMap::name).toList());
                    return USAGE;
                }
            }
            LoadResult loaded;
            try {
                loaded = o.load();
            } catch (KernelException e) {
                if (json) emit.accept(new LoadFailed(e.getMessage().lines().findFirst().orElse("")));
                return loadFailed(con, obj, e);
            }
            for (VerifierReport r : loaded.programs()) emit.accept(new Loaded(r.program(), r.stats().processedInsns()));
            for (BpfProgram p : o.programs()) {
                if (!p.autoload()) continue;
                Event how = attach(p);
                emit.accept(how);
                if (how instanceof AttachFailed f) {
                    emit.accept(new Detached());
                    out.flush();
                    con.err().println("error: " + f.program() + " could not attach: " + f.errno() + " — " + f.message());
                    con.err().println("hint: --program <name> runs only the others; tinybpf doctor checks tracefs and the kernel");
                    return FAILED;
                }
            }
            Records records = Records.open(o, btf, r -> emit.accept(new RecordEvent(r)));
            out.flush();
            Process child = null;
            if (str(pr, "--exec") != null) {
                ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", str(pr, "--exec")).inheritIO();
                // JSON Lines on stdout stay parseable: the command's own output goes to stderr
                if (json) pb.redirectOutput(ProcessBuilder.Redirect.appendTo(new java.io.File("/proc/self/fd/2")));
                child = pb.start();
            }
            long deadline = System.nanoTime() + duration.toNanos();
            long nextDump = dumpEvery == null ? Long.MAX_VALUE : System.nanoTime() + dumpEvery.toNanos();
            while (true) {
                records.poll(Duration.ofMillis(50));
                if (records.isEmpty()) Thread.sleep(50);
                if (System.nanoTime() >= nextDump) {
                    for (String d : dumps) emit.accept(new Dump(MapDump.read(o, summary, btf, d)));
                    nextDump += dumpEvery.toNanos();
                }
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
            records.drain();
            for (String d : dumps) emit.accept(new Dump(MapDump.read(o, summary, btf, d)));
            records.close();
        }
        emit.accept(new Detached());
        return OK;
    }

    private static Duration duration(ParseResult pr, String flag, Duration dflt) throws UsageException {
        String v = str(pr, flag);
        if (v == null) return dflt;
        try {
            return Durations.parse(v);
        } catch (IllegalArgumentException e) {
            throw new UsageException(flag + ": " + e.getMessage());
        }
    }

    /** Attaches one program by its section: attached, left alone (run cannot know where), or failed. */
    private static Event attach(BpfProgram p) {
        String section = p.section();
        Optional<SectionDef> def = SectionNames.resolve(section);
        String target = def.flatMap(d -> d.targetOf(section)).orElse("");
        if (def.isEmpty()) return new Attached(p.name(), section, false, "loaded, not attached (libbpf does not know section " + section + ")");
        SectionDef d = def.get();
        try {
            BpfLink l; // closed with the object
            switch (d.programKind().attach()) {
                case TRACEPOINT -> {
                    int slash = target.indexOf('/');
                    if (slash < 0) return new Attached(p.name(), section, false, "not attached (section " + section + " names no category/event)");
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
                    if (colon < 0) {
                        return new Attached(p.name(), section, false,
                                "not attached (a uprobe section needs <binary>:<function>, e.g. uprobe//bin/bash:readline)");
                    }
                    l = p.attachUprobe(Path.of(target.substring(0, colon)), target.substring(colon + 1), d.returnProbe());
                }
                case AUTO -> l = p.attach();
                case DEVICE, CGROUP, SOCKET, MANUAL -> {
                    return new Attached(p.name(), section, false, "loaded, not attached (" + d.kind() + " programs attach to a device, cgroup or socket: "
                            + "use a loader, see tinybpf generate)");
                }
            }
            return new Attached(p.name(), section, true, null);
        } catch (KernelException e) {
            return new AttachFailed(p.name(), section, e.errnoName(), e.getMessage().lines().findFirst().orElse(""));
        }
    }
}

package io.tinybpf.cli;

import io.tinybpf.bpf.ProgramKind;
import io.tinybpf.btf.Btf;
import io.tinybpf.elf.ObjectSummary;
import io.tinybpf.kernel.KernelException;
import io.tinybpf.kernel.TestRun;
import io.tinybpf.kernel.TestRunResult;
import io.tinybpf.vm.GuestObject;
import io.tinybpf.vm.KernelMatrix;
import io.tinybpf.vm.Vm;
import io.tinybpf.vm.VmKernel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code tinybpf test --vm 6.1 ...}: the same test run as {@link TestCommand}, inside a VM booting
 * that kernel. The object travels in the guest's initramfs; the agent loads it with the same
 * libbpf, fills the maps, runs BPF_PROG_TEST_RUN and hands back the raw results, which become the
 * same {@link TestCommand.Outcome} (text or JSON) as a run in the running kernel.
 */
final class VmTestRun {
    private VmTestRun() {}

    /** What TestCommand parsed. */
    record Request(Path object, String program, byte[] packet, byte[] ctx, int repeat, List<TestCommand.Update> updates,
                   List<String> consts, List<String> dumps, String expect, String kernel, String timeout, String modules) {}

    /** The outcome of a run, or (outcome null) the exit status of a run that did not happen. */
    record Result(TestCommand.Outcome outcome, int exit) {}

    private static final String GUEST_OBJECT = "/work/object.o";

    static Result run(Request q, ObjectSummary summary, Btf btf, io.tinybpf.sdk.LogSites logs, Command.Io con, boolean json)
            throws Command.UsageException {
        List<String> kernels = KernelMatrix.parse(q.kernel());
        if (kernels.size() != 1 || kernels.getFirst().equals("host")) {
            throw new Command.UsageException("test --vm takes one VM kernel (6.1, 6.12 or a bzImage path), not '" + q.kernel() + "'");
        }
        VmKernel k = VmKernel.resolve(kernels.getFirst(), io.tinybpf.util.Env.all());
        Vm.Options o = MatrixReport.options(q.timeout(), q.modules(), con.err()).withFiles(Map.of(GUEST_OBJECT, q.object()));
        try (Vm vm = Vm.boot(k, o); GuestObject g = GuestObject.openInGuest(vm, GUEST_OBJECT, q.object().getFileName().toString())) {
            return run(q, g, summary, btf, logs, con, json);
        }
    }

    private static Result run(Request q, GuestObject o, ObjectSummary summary, Btf btf, io.tinybpf.sdk.LogSites logs, Command.Io con,
                              boolean json)
            throws Command.UsageException {
        GuestObject.Program prog = pick(o, q.program());
        Optional<ProgramKind> kind = ProgramKind.of(prog.section());
        Integer expected = q.expect() == null ? null : TestCommand.expected(q.expect(), kind);
        Set<String> needed = new TreeSet<>(List.of(prog.name()));
        for (TestCommand.Update u : q.updates()) if (u.value().startsWith("@")) needed.add(u.value().substring(1));
        for (String n : needed) {
            if (o.programs().stream().noneMatch(p -> p.name().equals(n))) {
                throw new Command.Refused("--set: no program '" + n + "'; the object has " + o.programs().stream().map(GuestObject.Program::name).toList());
            }
        }
        for (GuestObject.Program p : o.programs()) o.setAutoload(p.name(), needed.contains(p.name()));
        List<GuestObject.Variable> vars = q.consts().isEmpty() ? List.of() : o.variables();
        for (String c : q.consts()) {
            int eq = c.indexOf('=');
            if (eq <= 0) throw new Command.UsageException("--const '" + c + "': expected name=value, e.g. multiplier=3");
            String var = c.substring(0, eq);
            GuestObject.Variable v = vars.stream().filter(x -> x.name().equals(var)).findFirst().orElseThrow(() -> new Command.Refused(
                    "--const: no global variable '" + var + "'; the object has " + vars.stream().map(GuestObject.Variable::name).toList()));
            o.setVariable(var, TestCommand.bytes(null, c.substring(eq + 1), v.size(), "--const " + var + ":"));
        }
        try {
            o.load();
        } catch (KernelException e) {
            if (json) TestCommand.failedJson(con, "load_failed", prog.name(), e.getMessage().lines().findFirst().orElse(""));
            return new Result(null, Command.loadFailed(con, q.object(), e));
        }
        for (TestCommand.Update u : q.updates()) apply(o, u);
        List<Integer> readers = new ArrayList<>();
        List<String> readerMaps = new ArrayList<>();
        for (GuestObject.MapDef m : o.maps()) {
            if (m.typeName().equals("ringbuf") || m.typeName().equals("perf_event_array")) {
                readers.add(o.reader(m.name(), m.typeName().equals("perf_event_array")));
                readerMaps.add(m.name());
            }
        }
        TestRun run = q.packet() != null ? TestRun.packet(q.packet()) : TestRun.context(q.ctx());
        if (q.packet() != null && q.ctx() != null) run = run.withContext(q.ctx(), q.ctx().length);
        if (q.repeat() > 0) run = run.withRepeat(q.repeat());
        TestRunResult r;
        try {
            r = o.testRun(prog.name(), run);
        } catch (KernelException e) {
            String first = e.getMessage().lines().findFirst().orElse("");
            if (json) TestCommand.failedJson(con, "run_refused", prog.name(), e.errnoName() + " — " + first);
            con.err().println("error: the kernel refused to test-run " + prog.name() + " (" + prog.typeName() + "): " + e.errnoName() + " — " + first);
            con.err().println("hint: " + TestCommand.refusalHint(prog.typeName(), kind, q.packet() != null, q.ctx() != null, e.errno()));
            return new Result(null, Command.FAILED);
        }
        Map<String, Integer> types = btf == null ? Map.of() : btf.eventTypes();
        List<Records.Record> records = new ArrayList<>();
        for (int i = 0; i < readers.size(); i++) {
            String map = readerMaps.get(i);
            for (GuestObject.Record rec : o.poll(readers.get(i), 0)) records.add(new Records.Record(map, rec.data(), btf, types.get(map), logs));
        }
        List<MapDump> dumped = new ArrayList<>();
        for (String d : q.dumps()) {
            GuestObject.MapDef m = o.maps().stream().filter(x -> x.name().equals(d)).findFirst().orElseThrow(() -> new Command.Refused(
                    "--dump: no map '" + d + "'; the object has " + o.maps().stream().map(GuestObject.MapDef::name).toList()));
            dumped.add(MapDump.read(d, m.typeName(), m.isPerCpu(), summary, btf, o.keys(d), key -> o.lookup(d, key),
                    key -> o.lookupPerCpu(d, key)));
        }
        boolean rewrites = kind.map(ProgramKind::rewritesPacket).orElse(false);
        byte[] after = q.ctx() == null ? null : q.packet() == null ? r.ctxInAfter() : r.ctxOut();
        return new Result(new TestCommand.Outcome(prog.name(), prog.typeName(), kind.orElse(null), r.retval(), r.durationNs(), q.repeat(),
                q.packet(), q.packet() == null ? null : r.dataOut(), rewrites, after, btf, List.copyOf(records), List.copyOf(dumped),
                expected), Command.OK);
    }

    private static void apply(GuestObject o, TestCommand.Update u) {
        GuestObject.MapDef m = o.maps().stream().filter(x -> x.name().equals(u.map())).findFirst().orElseThrow(() -> new Command.Refused(
                "--set: no map '" + u.map() + "'; the object has " + o.maps().stream().map(GuestObject.MapDef::name).toList()));
        byte[] key = TestCommand.bytes(null, u.key(), m.keySize(), "--set " + u.map() + ": key");
        try {
            if (u.value().startsWith("@")) {
                o.updateProgram(u.map(), key, u.value().substring(1));
            } else {
                byte[] v = TestCommand.bytes(null, u.value(), m.valueSize(), "--set " + u.map() + ": value");
                if (m.isPerCpu()) o.updatePerCpu(u.map(), key, v);
                else o.update(u.map(), key, v);
            }
        } catch (KernelException e) {
            throw new IllegalStateException("--set " + u.map() + ":" + u.key() + "=" + u.value() + ": the kernel refused the update: " + e.errnoName());
        }
    }

    private static GuestObject.Program pick(GuestObject o, String name) {
        List<GuestObject.Program> all = o.programs();
        if (name != null) {
            return all.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow(() -> new Command.Refused(
                    "no program '" + name + "' in the object; it has " + all.stream().map(GuestObject.Program::name).toList()));
        }
        if (all.size() == 1) return all.getFirst();
        throw new Command.Refused("the object has " + all.size() + " programs " + all.stream().map(GuestObject.Program::name).toList()
                + "; choose one with --program");
    }
}

package io.tinybpf.vm;

import io.tinybpf.util.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One booted guest: a QEMU process whose kernel runs tinybpf's agent as its only process, and the
 * request/answer channel to that agent (the guest's ttyS1 on QEMU's stdin/stdout; ttyS0, the
 * kernel console, goes to a file that boot errors quote).
 *
 * <p>Nothing can hang: the boot has a deadline, every request has one, and a missed deadline
 * stops the VM. {@link #close()} always ends the QEMU process (quit, then SIGTERM, then SIGKILL);
 * a shutdown hook ends any VM still running when the JVM exits, and the agent powers the guest
 * off by itself when the host has been silent for {@link Options#idle()} (a JVM killed with
 * SIGKILL leaves its QEMU running at most that long).
 */
public final class Vm implements AutoCloseable {
    /** The agent protocol this host speaks (PROTOCOL in tinybpf-agent.c). */
    public static final int PROTOCOL = 1;

    /** How the guest CPU runs. */
    public enum Accel {
        /** Hardware virtualization through /dev/kvm. */
        KVM,
        /** QEMU's emulator: slower, works everywhere. */
        TCG;

        public String label() {
            return name();
        }
    }

    /**
     * How to boot.
     *
     * @param bootTimeout until the agent says it is ready
     * @param callTimeout for each request afterwards
     * @param idle        the agent powers off after this long without a request
     * @param memoryMb    guest memory
     * @param files       host files to place in the guest before it boots (guest path → host path)
     * @param modules     kernel modules to insert at boot, with their dependencies
     * @param progress    boot progress lines, for a human watching (never null)
     */
    public record Options(Duration bootTimeout, Duration callTimeout, Duration idle, int memoryMb, Map<String, Path> files,
                          List<String> modules, Consumer<String> progress) {
        public Options {
            files = Map.copyOf(files);
            modules = List.copyOf(modules);
            if (progress == null) progress = s -> { };
        }

        public static Options defaults() {
            return new Options(Duration.ofSeconds(120), Duration.ofSeconds(60), Duration.ofMinutes(10), 512, Map.of(), List.of(), null);
        }

        public Options withBootTimeout(Duration d) {
            return new Options(d, callTimeout, idle, memoryMb, files, modules, progress);
        }

        public Options withCallTimeout(Duration d) {
            return new Options(bootTimeout, d, idle, memoryMb, files, modules, progress);
        }

        public Options withIdle(Duration d) {
            return new Options(bootTimeout, callTimeout, d, memoryMb, files, modules, progress);
        }

        public Options withFiles(Map<String, Path> f) {
            return new Options(bootTimeout, callTimeout, idle, memoryMb, f, modules, progress);
        }

        public Options withModules(List<String> m) {
            return new Options(bootTimeout, callTimeout, idle, memoryMb, files, m, progress);
        }

        public Options withProgress(Consumer<String> p) {
            return new Options(bootTimeout, callTimeout, idle, memoryMb, files, modules, p);
        }
    }

    private static final Set<Vm> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Vm vm : List.copyOf(LIVE)) vm.kill();
        }, "tinybpf-vm-cleanup"));
    }

    private static final String EOF = "\u0000eof";

    private final VmKernel kernel;
    private final Accel accel;
    private final Options options;
    private final Path dir;
    private final Process qemu;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final OutputStream stdin;
    private Map<String, Object> facts = Map.of();
    private boolean closed;
    private long bootMillis;

    private Vm(VmKernel kernel, Accel accel, Options options, Path dir, Process qemu) {
        this.kernel = kernel;
        this.accel = accel;
        this.options = options;
        this.dir = dir;
        this.qemu = qemu;
        this.stdin = qemu.getOutputStream();
        Thread out = new Thread(() -> pump(qemu.getInputStream()), "tinybpf-vm-" + kernel.name() + "-out");
        out.setDaemon(true);
        out.start();
        Thread err = new Thread(() -> drain(qemu.getErrorStream()), "tinybpf-vm-" + kernel.name() + "-err");
        err.setDaemon(true);
        err.start();
    }

    // ------------------------------------------------------------------ boot

    /**
     * Boots {@code kernel} and waits for its agent. With KVM usable the guest runs on it; when a
     * KVM boot fails it is retried once with TCG.
     *
     * @throws VmException with the reason (and the console's last lines) when the guest does not come up in time
     */
    public static Vm boot(VmKernel kernel, Options options) {
        return boot(kernel, options, io.tinybpf.util.Env.all());
    }

    static Vm boot(VmKernel kernel, Options options, Map<String, String> env) {
        Path agent = agent(env);
        Path qemu = qemu(env);
        Accel accel = accel(env);
        try {
            return start(kernel, options, agent, qemu, accel);
        } catch (VmException e) {
            if (accel != Accel.KVM) throw e;
            options.progress().accept(kernel.name() + ": the KVM boot failed (" + e.getMessage().lines().findFirst().orElse("") + "); retrying with TCG");
            return start(kernel, options, agent, qemu, Accel.TCG);
        }
    }

    private static Vm start(VmKernel kernel, Options options, Path agent, Path qemuBin, Accel accel) {
        Path dir;
        try {
            dir = io.tinybpf.util.TempDirs.createDirectory("tinybpf-vm-"); // rwx------: the initramfs and console log are ours alone
        } catch (IOException e) {
            throw new VmException("cannot create a directory for the VM: " + e.getMessage());
        }
        Vm vm;
        try {
            Path initrd = dir.resolve("initramfs.cpio");
            Files.write(initrd, initramfs(agent, kernel, options));
            List<String> cmd = command(qemuBin, kernel, accel, options, initrd, dir.resolve("console.log"));
            options.progress().accept("booting " + kernel.describe() + " with " + accel.label() + " ...");
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).start();
            vm = new Vm(kernel, accel, options, dir, p);
            LIVE.add(vm);
        } catch (IOException e) {
            io.tinybpf.util.AtomicFiles.deleteTree(dir);
            throw new VmException("cannot start " + qemuBin + ": " + e.getMessage());
        } catch (RuntimeException e) {
            io.tinybpf.util.AtomicFiles.deleteTree(dir);
            throw e;
        }
        try {
            vm.awaitReady();
            return vm;
        } catch (RuntimeException e) {
            vm.close();
            throw e;
        }
    }

    private void awaitReady() {
        long start = System.nanoTime();
        long deadline = start + options.bootTimeout().toNanos();
        long nextNote = start + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            long now = System.nanoTime();
            if (now >= deadline) {
                throw new VmException(kernel.describe() + " did not boot within " + seconds(options.bootTimeout()) + " (" + accel.label()
                        + "); the VM was stopped" + consoleTail());
            }
            String line;
            try {
                line = lines.poll(Math.min(1000, TimeUnit.NANOSECONDS.toMillis(deadline - now) + 1), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new VmException("interrupted while booting " + kernel.describe());
            }
            if (line == null) {
                if (System.nanoTime() >= nextNote) {
                    options.progress().accept("  still booting " + kernel.name() + " (" + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) + " s)");
                    nextNote += TimeUnit.SECONDS.toNanos(10);
                }
                continue;
            }
            if (line.equals(EOF)) throw exited("while booting");
            if (!line.startsWith("{")) continue; // firmware or kernel noise before the agent opened the port
            Map<String, Object> m = parse(line, "boot");
            if (!Boolean.TRUE.equals(m.get("ready"))) continue;
            long protocol = m.get("protocol") instanceof Long l ? l : -1;
            if (protocol != PROTOCOL) {
                throw new VmException("the VM agent speaks protocol " + protocol + ", this tinybpf " + PROTOCOL
                        + "; rebuild it with scripts/setup kernels");
            }
            facts = m;
            bootMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            options.progress().accept(kernel.name() + " is up (Linux " + release() + ", " + accel.label() + ", "
                    + String.format(java.util.Locale.ROOT, "%.1f", bootMillis / 1000.0) + " s)");
            return;
        }
    }

    private static byte[] initramfs(Path agent, VmKernel kernel, Options options) throws IOException {
        Initramfs ir = new Initramfs();
        ir.file("init", 0755, Files.readAllBytes(agent));
        ir.symlink("bin/true", "/init");
        for (Map.Entry<String, Path> f : options.files().entrySet()) {
            String guest = f.getKey().startsWith("/") ? f.getKey().substring(1) : f.getKey();
            ir.file(guest, 0644, Files.readAllBytes(f.getValue()));
        }
        ir.modules(kernel.modules(), options.modules());
        return ir.finish();
    }

    static List<String> command(Path qemu, VmKernel kernel, Accel accel, Options o, Path initrd, Path console) {
        List<String> cmd = new ArrayList<>(List.of(qemu.toString(), "-nodefaults", "-no-user-config", "-display", "none", "-no-reboot",
                "-m", Integer.toString(o.memoryMb()), "-smp", "1"));
        if (accel == Accel.KVM) cmd.addAll(List.of("-accel", "kvm", "-cpu", "host"));
        else cmd.addAll(List.of("-accel", "tcg"));
        long idle = Math.max(5, o.idle().toSeconds());
        cmd.addAll(List.of("-kernel", kernel.image().toString(), "-initrd", initrd.toString(),
                // panic=-1 + -no-reboot: a dead agent (PID 1) ends QEMU at once. no_timer_check: an
                // emulated CPU on a busy host can miss the IO-APIC timer check, which panics the boot
                "-append", "console=ttyS0 panic=-1 quiet loglevel=4 no_timer_check TINYBPF_IDLE=" + idle,
                "-serial", "file:" + console, "-serial", "stdio", "-monitor", "none"));
        return cmd;
    }

    // ------------------------------------------------------------------ requests

    /**
     * Sends one request (its tokens joined by spaces) and returns the agent's answer.
     *
     * @throws VmException when the agent refuses it (with its errno and libbpf's messages), does not
     *                     answer within the call timeout (the VM is then stopped), or has gone
     */
    public synchronized Map<String, Object> call(String... tokens) {
        return call(options.callTimeout(), tokens);
    }

    public synchronized Map<String, Object> call(Duration timeout, String... tokens) {
        if (closed) throw new VmException(kernel.describe() + ": the VM is stopped");
        StringBuilder sb = new StringBuilder();
        for (String t : tokens) {
            if (t.isEmpty() || t.chars().anyMatch(c -> c <= ' ')) throw new IllegalArgumentException("bad request token '" + t + "'");
            if (!sb.isEmpty()) sb.append(' ');
            sb.append(t);
        }
        sb.append('\n');
        try {
            stdin.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
            stdin.flush();
        } catch (IOException e) {
            throw exited("when sent " + tokens[0]);
        }
        String line;
        try {
            line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new VmException("interrupted while waiting for " + kernel.name() + "'s agent; the VM was stopped");
        }
        if (line == null) {
            String tail = consoleTail();
            close();
            throw new VmException(kernel.describe() + ": the agent did not answer '" + tokens[0] + "' within " + seconds(timeout)
                    + "; the VM was stopped" + tail);
        }
        if (line.equals(EOF)) throw exited("during " + tokens[0]);
        Map<String, Object> m = parse(line, tokens[0]);
        if (!Boolean.TRUE.equals(m.get("ok"))) {
            String libbpf = m.get("libbpf") instanceof String s && !s.isBlank() ? "\nlibbpf: " + s.strip() : "";
            long errno = m.get("errno") instanceof Long l ? l : 0;
            throw new VmException(kernel.name() + ": " + m.get("error") + libbpf, (int) errno);
        }
        return m;
    }

    private Map<String, Object> parse(String line, String what) {
        try {
            if (Json.parse(line) instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked") Map<String, Object> mm = (Map<String, Object>) m;
                return mm;
            }
        } catch (Json.ParseException e) {
            // fall through
        }
        close();
        throw new VmException(kernel.describe() + ": garbled answer to '" + what + "' from the agent: "
                + (line.length() > 200 ? line.substring(0, 200) + "..." : line));
    }

    private VmException exited(String when) {
        try {
            qemu.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String status = qemu.isAlive() ? "closed its channel" : "exited with status " + qemu.exitValue();
        String err;
        synchronized (stderr) {
            err = stderr.toString(StandardCharsets.UTF_8).strip();
        }
        String tail = consoleTail();
        close();
        return new VmException(kernel.describe() + ": QEMU " + status + " " + when + (err.isEmpty() ? "" : ": " + err) + tail);
    }

    private void pump(InputStream in) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        lines.add(line.toString(StandardCharsets.ISO_8859_1));
                        line.reset();
                    } else if (buf[i] != '\r') {
                        line.write(buf[i]);
                    }
                }
            }
        } catch (IOException e) {
            // the process went away
        }
        lines.add(EOF);
    }

    private void drain(InputStream in) {
        byte[] buf = new byte[4096];
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                synchronized (stderr) {
                    if (stderr.size() < 16384) stderr.write(buf, 0, n);
                }
            }
        } catch (IOException e) {
            // the process went away
        }
    }

    /** The last lines of the kernel console, prefixed for an error message ("" when empty). */
    public String consoleTail() {
        try {
            Path c = dir.resolve("console.log");
            if (!Files.exists(c)) return "";
            List<String> all = new String(Files.readAllBytes(c), StandardCharsets.ISO_8859_1).lines()
                    .map(String::strip).filter(s -> !s.isEmpty()).toList();
            if (all.isEmpty()) return "\n(the guest console printed nothing)";
            // a panic's reason comes before its stack dump, which fills the tail
            String panic = all.stream().filter(l -> l.contains("Kernel panic")).findFirst().map(l -> "\n" + l.replaceFirst("^\\[[^\\]]*\\]\\s*", ""))
                    .orElse("");
            return panic + "\nlast console lines:\n  " + String.join("\n  ", all.subList(Math.max(0, all.size() - 12), all.size()));
        } catch (IOException e) {
            return "";
        }
    }

    // ------------------------------------------------------------------ facts

    public VmKernel kernel() {
        return kernel;
    }

    public Accel accel() {
        return accel;
    }

    /** uname -r inside the guest. */
    public String release() {
        return facts.get("release") instanceof String s ? s : kernel.release();
    }

    /** The guest's possible CPUs (per-CPU map values have one slot each). */
    public int cpus() {
        return facts.get("cpus") instanceof Long l ? l.intValue() : 1;
    }

    /** How long the boot took, until the agent was ready. */
    public Duration bootTime() {
        return Duration.ofMillis(bootMillis);
    }

    /** Module load results reported at boot: module path → errno (0 loaded). */
    public Map<String, Integer> modules() {
        Map<String, Integer> out = new LinkedHashMap<>();
        if (facts.get("modules") instanceof List<?> l) {
            for (Object o : l) if (o instanceof Map<?, ?> m) out.put(String.valueOf(m.get("name")), ((Long) m.get("errno")).intValue());
        }
        return out;
    }

    private final java.util.BitSet handles = new java.util.BitSet();

    /** A free object handle for the agent (1..255). */
    synchronized int allocateHandle() {
        int h = handles.nextClearBit(1);
        if (h >= 256) throw new VmException(kernel.name() + ": too many objects open in the guest");
        handles.set(h);
        return h;
    }

    synchronized void releaseHandle(int h) {
        handles.clear(h);
    }

    public boolean isAlive() {
        return !closed && qemu.isAlive();
    }

    /** Stops the guest: asks the agent to power off, then ends QEMU whatever it does. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        try {
            if (qemu.isAlive()) {
                stdin.write("quit\n".getBytes(StandardCharsets.US_ASCII));
                stdin.flush();
                qemu.waitFor(3, TimeUnit.SECONDS);
            }
        } catch (IOException | InterruptedException e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
        }
        kill();
    }

    private void kill() {
        try {
            if (qemu.isAlive()) {
                qemu.destroy();
                if (!qemu.waitFor(3, TimeUnit.SECONDS)) {
                    qemu.destroyForcibly();
                    qemu.waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            qemu.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        LIVE.remove(this);
        io.tinybpf.util.AtomicFiles.deleteTree(dir);
    }

    /** The QEMU process id (tests check that none is left). */
    public long pid() {
        return qemu.pid();
    }

    @Override
    public String toString() {
        return "Vm[" + kernel.describe() + ", " + accel + (closed ? ", stopped" : "") + "]";
    }

    private static String seconds(Duration d) {
        return d.toSeconds() + " s";
    }

    // ------------------------------------------------------------------ the host side's tools

    /**
     * The agent scripts/setup built ({@code $TINYBPF_PREFIX/vm/tinybpf-agent}). It becomes the
     * guest's PID 1, so it must not be writable by anyone but root or this user.
     */
    public static Path agent(Map<String, String> env) {
        Path a = env.containsKey("TINYBPF_VM_AGENT") ? Path.of(env.get("TINYBPF_VM_AGENT"))
                : VmKernel.prefix(env).resolve("vm").resolve("tinybpf-agent");
        if (!Files.isRegularFile(a)) {
            throw new VmException("the VM agent " + a + " is not built; run scripts/setup kernels");
        }
        requireTrusted(a.toAbsolutePath());
        return a;
    }

    /** Refuses a file (or a directory above it) that another user could have replaced. */
    static void requireTrusted(Path p) {
        long me = uid();
        try {
            Path real = p.toRealPath();
            for (Path q = real; q != null; q = q.getParent()) {
                PosixFileAttributes at = Files.readAttributes(q, PosixFileAttributes.class);
                int owner = (Integer) Files.getAttribute(q, "unix:uid");
                Set<PosixFilePermission> perms = at.permissions();
                boolean sticky = q.getParent() != null && ((Integer) Files.getAttribute(q, "unix:mode") & 01000) != 0;
                boolean othersWrite = perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE);
                if ((owner != 0 && owner != me) || (othersWrite && !(sticky && at.isDirectory()))) {
                    throw new VmException("refusing " + p + ": " + q + " could be changed by another user (owner uid " + owner
                            + ", mode " + java.nio.file.attribute.PosixFilePermissions.toString(perms) + ")");
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            throw new VmException("cannot check " + p + ": " + e.getMessage());
        }
    }

    private static long uid() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
        } catch (IOException | UnsupportedOperationException e) {
            return -1;
        }
    }

    /** qemu-system-x86_64 ({@code $TINYBPF_QEMU}, else PATH, else /usr/bin). */
    static Path qemu(Map<String, String> env) {
        if (env.containsKey("TINYBPF_QEMU")) return Path.of(env.get("TINYBPF_QEMU"));
        String path = env.getOrDefault("PATH", "");
        for (String d : (path + ":/usr/bin").split(":")) {
            if (d.isEmpty()) continue;
            Path q = Path.of(d, "qemu-system-x86_64");
            if (Files.isExecutable(q)) return q;
        }
        throw new VmException("qemu-system-x86_64 is not installed; run scripts/setup kernels (Debian package qemu-system-x86)");
    }

    /**
     * KVM when /dev/kvm is usable and backed by hardware virtualization (kvm_intel or kvm_amd);
     * otherwise TCG. Other KVM flavours (this project's CI machine has kvm_pvm, which runs only
     * guests built for PVM) boot stock kernels so slowly that TCG is far faster.
     * {@code TINYBPF_VM_ACCEL=kvm|tcg} overrides.
     */
    public static Accel accel(Map<String, String> env) {
        String o = env.getOrDefault("TINYBPF_VM_ACCEL", "").strip().toLowerCase(java.util.Locale.ROOT);
        if (o.equals("kvm")) return Accel.KVM;
        if (o.equals("tcg")) return Accel.TCG;
        Path kvm = Path.of("/dev/kvm");
        boolean hw = Files.isDirectory(Path.of("/sys/module/kvm_intel")) || Files.isDirectory(Path.of("/sys/module/kvm_amd"));
        return hw && Files.isReadable(kvm) && Files.isWritable(kvm) ? Accel.KVM : Accel.TCG;
    }
}

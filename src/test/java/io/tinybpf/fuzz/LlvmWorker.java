package io.tinybpf.fuzz;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * {@link InProcessLlvm} in a process of its own, so that LLVM crashing on an input (its verifier
 * dereferences null on some malformed metadata, as {@code opt} does: exit 139) ends the worker,
 * not the fuzzer. Protocol on stdin/stdout: a u32 length and that many bytes of IR; the answer is
 * one byte, {@link #ACCEPT} or {@link #REJECT}. A worker that crashes is replaced; its input counts
 * as rejected, as tinybpf's check (opt failing) rejects it. The JVM's crash reports go to
 * target/fuzz/llvm-worker-crashes.
 */
final class LlvmWorker {
    public static void main(String[] args) throws IOException {
        // the fuzzer's JVM may be killed (libFuzzer's own timeout) while LLVM is stuck in native code here, where
        // stdin's end is never read: follow the parent out instead of spinning on (seen: an orphan at 50 % CPU for 80 min)
        ProcessHandle.current().parent().ifPresent(p -> p.onExit().thenRun(() -> Runtime.getRuntime().halt(0)));
        InProcessLlvm llvm = InProcessLlvm.INSTANCE.orElseThrow();
        DataInputStream in = new DataInputStream(System.in);
        DataOutputStream out = new DataOutputStream(System.out);
        while (true) {
            int n;
            try {
                n = in.readInt();
            } catch (EOFException e) {
                return;
            }
            byte[] b = in.readNBytes(n);
            out.writeByte(llvm.accepts(new String(b, StandardCharsets.UTF_8)) ? ACCEPT : REJECT);
            out.flush();
        }
    }

    /** Answers; anything else on the pipe (the JVM prints its crash report to stdout) means the worker crashed. */
    private static final int ACCEPT = 0xA1, REJECT = 0xA0;

    /** Well under libFuzzer's 40 s per input, well over LLVM's time for any module the fuzzers make (milliseconds). */
    private static final long VERDICT_DEADLINE_MS = 10_000;

    private static Process worker;
    private static DataOutputStream toWorker;
    private static DataInputStream fromWorker;

    /** The verdict of a worker process (started on first use, restarted after a crash); empty when none can run. */
    static synchronized java.util.Optional<Boolean> accepts(String ir) {
        if (InProcessLlvm.INSTANCE.isEmpty()) return java.util.Optional.empty();
        try {
            if (worker == null || !worker.isAlive()) start();
            byte[] b = ir.getBytes(StandardCharsets.UTF_8);
            toWorker.writeInt(b.length);
            toWorker.write(b);
            toWorker.flush();
            // LLVM's own parser can hang on a broken module (a fuzz input made opt -passes=verify spin for minutes):
            // past the deadline the worker is killed and the input counts as rejected, as the pipeline's tool
            // timeout rejects it (tinybpf link reports "opt timed out", checked by hand on that input)
            Process w = worker;
            java.util.concurrent.atomic.AtomicBoolean answered = new java.util.concurrent.atomic.AtomicBoolean();
            Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(VERDICT_DEADLINE_MS);
                } catch (InterruptedException e) {
                    return;
                }
                if (!answered.get()) w.destroyForcibly();
            });
            int v = fromWorker.read();
            answered.set(true);
            if (v != ACCEPT && v != REJECT) {
                // LLVM crashed on it (the JVM's crash report, or nothing, instead of an answer)
                worker.destroyForcibly();
                worker.waitFor();
                worker = null;
                return java.util.Optional.of(false);
            }
            return java.util.Optional.of(v == ACCEPT);
        } catch (IOException e) {
            if (worker != null) worker.destroyForcibly();
            worker = null;
            return java.util.Optional.of(false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.of(false);
        }
    }

    private static void start() throws IOException {
        Path crashes = io.tinybpf.testing.Requires.repo().resolve("target/fuzz/llvm-worker-crashes");
        java.nio.file.Files.createDirectories(crashes);
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xss8m",
                "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:+DisplayVMOutputToStderr",
                "-XX:ErrorFile=" + crashes.resolve("hs_err_%p.log"), "-XX:-CreateCoredumpOnCrash", "-cp",
                System.getProperty("java.class.path"), LlvmWorker.class.getName());
        worker = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        toWorker = new DataOutputStream(new java.io.BufferedOutputStream(worker.getOutputStream()));
        fromWorker = new DataInputStream(worker.getInputStream());
    }
}

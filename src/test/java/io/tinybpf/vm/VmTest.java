package io.tinybpf.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.testing.Requires;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The VM machinery on its own: kernels that are missing or are not kernels, guests that die,
 * never come up or stop answering (each ends within its deadline with the reason, and its QEMU
 * process is gone), the idle power-off that bounds a VM whose host died, and module loading.
 */
@Tag("vm")
class VmTest {
    static VmKernel installed(String name) {
        List<VmKernel> all = VmKernel.installed(System.getenv());
        Requires.that(all.stream().anyMatch(k -> k.name().equals(name)), "kernel " + name + " for VMs (scripts/setup kernels)");
        return VmKernel.resolve(name, System.getenv());
    }

    /** A misbehaving /init (src/test/resources/io/tinybpf/vm/broken-init.c built with MODE). */
    static Path brokenInit(Path dir, String mode) throws Exception {
        var gcc = Requires.onPath("gcc");
        Requires.that(gcc.isPresent(), "gcc (a static stand-in for the VM agent)");
        Path src = dir.resolve("broken-init.c");
        try (InputStream in = VmTest.class.getResourceAsStream("broken-init.c")) {
            Files.write(src, in.readAllBytes());
        }
        Path bin = dir.resolve("init-" + mode);
        Process p = new ProcessBuilder(gcc.get().toString(), "-static", "-O1", "-DMODE=\"" + mode + "\"", "-o", bin.toString(), src.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "gcc: " + out);
        return bin;
    }

    /** The kernel under a path only this test uses, so its QEMU process can be found by command line. */
    static VmKernel uniqueCopy(VmKernel k, Path dir) throws IOException {
        Path img = dir.resolve("vmlinuz-" + System.nanoTime());
        Files.createSymbolicLink(img, k.image());
        return new VmKernel(k.name(), k.release(), img, k.modules());
    }

    static void assertNoQemuFor(VmKernel k) throws InterruptedException {
        String marker = k.image().toString();
        for (int i = 0; i < 50; i++) {
            boolean alive = ProcessHandle.current().descendants().anyMatch(p -> p.isAlive()
                    && p.info().commandLine().map(c -> c.contains(marker)).orElse(false));
            if (!alive) return;
            Thread.sleep(100);
        }
        throw new AssertionError("a QEMU process for " + marker + " is still running");
    }

    static Map<String, String> env(Path agent) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("TINYBPF_VM_AGENT", agent.toString());
        return env;
    }

    @Test
    void aKernelThatIsNotInstalledIsNamedWithTheInstalledOnes() {
        VmException e = assertThrows(VmException.class, () -> VmKernel.resolve("5.99", System.getenv()));
        assertTrue(e.getMessage().startsWith("no kernel '5.99' is installed"), e.getMessage());
        assertTrue(e.getMessage().contains("scripts/setup kernels"), e.getMessage());
    }

    @Test
    void aFileThatIsNotAKernelImageIsRefusedBeforeBooting(@TempDir Path tmp) throws Exception {
        Path junk = tmp.resolve("bzImage");
        Files.writeString(junk, "not a kernel");
        VmException e = assertThrows(VmException.class, () -> VmKernel.resolve(junk.toString(), System.getenv()));
        assertTrue(e.getMessage().contains("is not an x86 Linux boot image"), e.getMessage());
        VmException missing = assertThrows(VmException.class, () -> VmKernel.resolve(tmp.resolve("nope").toString(), System.getenv()));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    }

    @Test
    void aPathToAnImageFindsItsReleaseAndModules() {
        VmKernel k = installed("6.1");
        VmKernel byPath = VmKernel.resolve(k.image().toString(), System.getenv());
        assertEquals(k.release(), byPath.release(), "the release read from the image's setup header");
        assertEquals(k.modules(), byPath.modules(), "<root>/boot/vmlinuz-R finds <root>/lib/modules/R");
    }

    @Test
    void aGuestWhoseInitDiesEndsAtOnceWithTheKernelsLastWords(@TempDir Path tmp) throws Exception {
        VmKernel k = uniqueCopy(installed("6.1"), tmp);
        Path init = brokenInit(tmp, "exits");
        long start = System.nanoTime();
        VmException e = assertThrows(VmException.class,
                () -> Vm.boot(k, Vm.Options.defaults().withBootTimeout(Duration.ofMinutes(2)), env(init)));
        assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) < 100, "ended by the panic, not the deadline");
        assertTrue(e.getMessage().contains("QEMU exited"), e.getMessage());
        assertTrue(e.getMessage().contains("Attempted to kill init"), "the panic from the console: " + e.getMessage());
        assertNoQemuFor(k);
    }

    @Test
    void aGuestThatNeverComesUpTimesOutAndLeavesNoQemu(@TempDir Path tmp) throws Exception {
        VmKernel k = uniqueCopy(installed("6.1"), tmp);
        Path init = brokenInit(tmp, "silent");
        long start = System.nanoTime();
        VmException e = assertThrows(VmException.class,
                () -> Vm.boot(k, Vm.Options.defaults().withBootTimeout(Duration.ofSeconds(8)), env(init)));
        long took = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        assertTrue(took < 20, "the 8 s deadline held: " + took + " s");
        assertTrue(e.getMessage().contains("did not boot within 8 s"), e.getMessage());
        assertNoQemuFor(k);
    }

    @Test
    void aGuestThatStopsAnsweringIsStoppedAtTheRequestDeadline(@TempDir Path tmp) throws Exception {
        VmKernel k = uniqueCopy(installed("6.1"), tmp);
        Path init = brokenInit(tmp, "mute");
        Vm vm = Vm.boot(k, Vm.Options.defaults().withCallTimeout(Duration.ofSeconds(3)), env(init));
        try {
            long start = System.nanoTime();
            VmException e = assertThrows(VmException.class, () -> vm.call("hello"));
            long took = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            assertTrue(took < 20, "the 3 s deadline, then the VM stopped: " + took + " s");
            assertTrue(e.getMessage().contains("did not answer 'hello' within 3 s; the VM was stopped"), e.getMessage());
            assertFalse(vm.isAlive());
            assertNoQemuFor(k);
        } finally {
            vm.close();
        }
    }

    @Test
    void anIdleGuestPowersItselfOff(@TempDir Path tmp) throws Exception {
        VmKernel k = uniqueCopy(installed("6.12"), tmp);
        Vm vm = Vm.boot(k, Vm.Options.defaults().withIdle(Duration.ofSeconds(5)));
        try {
            assertEquals(Vm.PROTOCOL, ((Long) vm.call("hello").get("protocol")).intValue());
            ProcessHandle qemu = ProcessHandle.of(vm.pid()).orElseThrow();
            // nobody closes the VM: the agent's idle deadline ends QEMU, as when the host JVM was killed
            assertTrue(qemu.onExit().get(60, TimeUnit.SECONDS) != null);
            assertFalse(qemu.isAlive());
        } finally {
            vm.close();
        }
    }

    @Test
    void modulesAreInsertedWithTheirDependenciesCompressedOrNot() throws Exception {
        for (String name : List.of("6.1", "6.12")) {
            VmKernel k = installed(name);
            try (Vm vm = Vm.boot(k, Vm.Options.defaults().withModules(List.of("nf_conntrack")))) {
                Map<String, Integer> loaded = vm.modules();
                assertTrue(loaded.size() >= 4, "nf_conntrack, its three dependencies and libcrc32c's soft one: " + loaded);
                assertTrue(loaded.keySet().stream().anyMatch(m -> m.contains("crc32c_generic")), "the soft dependency, by alias: " + loaded);
                assertTrue(loaded.keySet().stream().toList().getLast().contains("nf_conntrack.ko"), "dependencies first: " + loaded);
                loaded.forEach((m, errno) -> assertEquals(0, errno, name + ": " + m + " inserted"));
                assertEquals(0L, vm.call("openfile", "/sys/module/nf_conntrack/initstate").get("errno"), name + ": the module is live");
            }
        }
    }
}

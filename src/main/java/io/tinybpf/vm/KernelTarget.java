package io.tinybpf.vm;

import io.tinybpf.kernel.KernelException;
import io.tinybpf.kernel.KernelVerifier;
import io.tinybpf.kernel.KernelVerifier.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A kernel to verify against: the one running this process, or a guest. Both load each program
 * alone with libbpf 1.1 and read the outcome with {@link KernelVerifier#verdict}, so a column of
 * the matrix means the same whichever kernel it is.
 */
public sealed interface KernelTarget extends AutoCloseable permits KernelTarget.Host, KernelTarget.Guest {
    /** "host", "6.1", or the image path the user gave. */
    String name();

    /** uname -r of that kernel. */
    String release();

    /** One line for headers: "6.1 (Linux 6.1.0-47-amd64, TCG, up in 6.2 s)". */
    String describe();

    /** A verdict per program, each loaded on its own. */
    Map<String, Verdict> verify(Path object, List<String> programs);

    @Override
    void close();

    /** The kernel this process runs on. */
    record Host() implements KernelTarget {
        public static final String NAME = "host";

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public String release() {
            try {
                return Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
            } catch (IOException e) {
                return "?";
            }
        }

        @Override
        public String describe() {
            return "host (Linux " + release() + ")";
        }

        @Override
        public Map<String, Verdict> verify(Path object, List<String> programs) {
            return KernelVerifier.verify(object, programs);
        }

        @Override
        public void close() {}
    }

    /** A booted VM. */
    record Guest(Vm vm) implements KernelTarget {
        @Override
        public String name() {
            return vm.kernel().name();
        }

        @Override
        public String release() {
            return vm.release();
        }

        @Override
        public String describe() {
            return vm.kernel().name() + " (Linux " + vm.release() + ", " + vm.accel().label() + ", up in "
                    + String.format(java.util.Locale.ROOT, "%.1f", vm.bootTime().toMillis() / 1000.0) + " s)";
        }

        @Override
        public Map<String, Verdict> verify(Path object, List<String> programs) {
            String guestPath = GuestObject.put(vm, object);
            Map<String, Verdict> out = new LinkedHashMap<>();
            for (String p : programs) out.put(p, verifyOne(object, guestPath, p));
            return out;
        }

        private Verdict verifyOne(Path object, String guestPath, String program) {
            GuestObject o;
            try {
                o = GuestObject.openInGuest(vm, guestPath, object.getFileName().toString());
            } catch (KernelException e) {
                return KernelVerifier.verdict(object, program, null, e);
            }
            try (o) {
                for (GuestObject.Program q : o.programs()) o.setAutoload(q.name(), q.name().equals(program));
                try {
                    o.load();
                    return KernelVerifier.verdict(object, program, o.loadResult(), null);
                } catch (KernelException e) {
                    return KernelVerifier.verdict(object, program, o.loadResult(), e);
                }
            }
        }

        @Override
        public void close() {
            vm.close();
        }
    }
}

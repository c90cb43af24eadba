package io.tinybpf.kernel;

import java.lang.foreign.Arena;

/** Network interface helpers for XDP/tc attachment. */
public final class Net {
    private Net() {}

    /** The interface index of {@code name} (if_nametoindex); throws {@link KernelException} (ENODEV) when absent. */
    public static int ifindex(String name) {
        try (Arena a = Arena.ofConfined()) {
            int idx = (int) Native.IF_NAMETOINDEX.invokeExact(Native.errnoState(), a.allocateFrom(name));
            if (idx == 0) {
                int e = Native.lastErrno();
                throw new KernelException("if_nametoindex " + name, e == 0 ? Errno.ENODEV : e);
            }
            return idx;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }
}

package io.tinybpf.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.btf.BtfBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kernel BTF facts kfunc prototypes are matched against, and their memo by file identity. */
class KernelTypesTest {
    /** A BTF with {@code struct <name> *kfunc(struct <name> *)}. */
    private static byte[] btf(String kfunc, String struct) {
        BtfBuilder b = new BtfBuilder();
        int s = b.struct(struct, 8);
        int p = b.ptr(s);
        b.func(kfunc, b.funcProto(p, "t", p), 1);
        return b.build();
    }

    @Test
    void namesTheStructsBehindAKfuncsPointers(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("vmlinux");
        Files.write(f, btf("bpf_task_acquire", "task_struct"));
        KernelTypes k = new KernelTypes(f);
        assertTrue(k.available());
        assertEquals(Optional.of(List.of("task_struct", "task_struct")), k.pointeeNames("bpf_task_acquire"));
        assertEquals(Optional.empty(), k.pointeeNames("bpf_no_such_kfunc"));
    }

    @Test
    void aLaterBuildReusesTheAnswerUntilTheFileChanges(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("vmlinux");
        Files.write(f, btf("bpf_x", "task_struct"));
        assertEquals(Optional.of(List.of("task_struct", "task_struct")), new KernelTypes(f).pointeeNames("bpf_x"));
        // a different file at the same path (new inode and size): read again, not the memo
        Path replacement = tmp.resolve("next");
        Files.write(replacement, btf("bpf_x", "cgroup_struct"));
        Files.move(replacement, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        assertEquals(Optional.of(List.of("cgroup_struct", "cgroup_struct")), new KernelTypes(f).pointeeNames("bpf_x"));
    }

    @Test
    void anUnreadableFileIsNoKernelBtf(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("vmlinux");
        byte[] bad = btf("bpf_x", "task_struct");
        Files.write(f, Arrays.copyOf(bad, 10));
        KernelTypes k = new KernelTypes(f);
        assertEquals(Optional.empty(), k.pointeeNames("bpf_x"));
        assertFalse(k.available());
        assertFalse(new KernelTypes(null).available());
    }
}

package io.tinybpf.vm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@code tinybpf doctor} says about {@code --vm}: QEMU, the agent, the installed kernels, KVM or TCG. */
public final class VmStatus {
    private VmStatus() {}

    /** Label → state, for display; nothing here is required (only --vm needs it). */
    public static Map<String, String> of(Map<String, String> env) {
        Map<String, String> out = new LinkedHashMap<>();
        try {
            out.put("qemu", Vm.qemu(env).toString());
        } catch (VmException e) {
            out.put("qemu", "not found — " + e.getMessage());
        }
        try {
            out.put("agent", Vm.agent(env).toRealPath().toString());
        } catch (VmException | java.io.IOException e) {
            out.put("agent", "not usable — " + e.getMessage());
        }
        List<VmKernel> ks = VmKernel.installed(env);
        out.put("kernels", ks.isEmpty() ? "none installed — fix: scripts/setup kernels (or pass a bzImage path to --vm)"
                : String.join(", ", ks.stream().map(VmKernel::describe).toList()));
        Vm.Accel a = Vm.accel(env);
        String why;
        if (a == Vm.Accel.KVM) {
            why = "KVM (hardware virtualization)";
        } else if (Files.exists(Path.of("/dev/kvm"))) {
            why = "TCG emulation: /dev/kvm is not backed by kvm_intel or kvm_amd (TINYBPF_VM_ACCEL=kvm forces it)";
        } else {
            why = "TCG emulation: no /dev/kvm";
        }
        out.put("accel", why);
        return out;
    }
}

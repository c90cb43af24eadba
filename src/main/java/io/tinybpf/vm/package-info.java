/**
 * Kernels beyond the running one: boots a kernel image in a small QEMU VM whose only process is
 * tinybpf's agent ({@code src/main/c/tinybpf-agent.c}, a static C program against libbpf), and
 * talks to that agent over the VM's second serial port.
 *
 * <ul>
 *   <li>{@link io.tinybpf.vm.VmKernel}: a bootable kernel: one set up by {@code scripts/setup
 *       kernels} ("6.1", "6.12") or a bzImage/vmlinuz the user brings, with its modules;</li>
 *   <li>{@link io.tinybpf.vm.Vm}: one booted guest: the QEMU process, boot watchdog, request/answer
 *       with a deadline, clean-up that never leaves a QEMU process behind;</li>
 *   <li>{@link io.tinybpf.vm.GuestObject}: a BPF object opened by the agent, with the operations
 *       of {@code io.tinybpf.kernel.BpfObject} that tests and {@code tinybpf test --vm} need;</li>
 *   <li>{@link io.tinybpf.vm.KernelTarget} and {@link io.tinybpf.vm.KernelMatrix}: "host" and VM
 *       kernels behind one interface, booted once each, for {@code tinybpf verify --kernel --vm}.</li>
 * </ul>
 *
 * <p>Why an agent and not the JVM in the guest: without KVM (this project's CI machine has none
 * usable) the guest is emulated by TCG, where one JVM verify took over two minutes; the agent
 * answers a request in milliseconds and the guest boots in about six seconds. The agent only
 * loads, runs and reports raw facts (verifier logs, return values, map bytes, records); verdicts,
 * Go lines and BTF decoding stay in Java, shared with the host path.
 */
package io.tinybpf.vm;

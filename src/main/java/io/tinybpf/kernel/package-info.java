/**
 * Loading, attaching and exercising BPF programs in the running kernel: Java FFM bindings to
 * Debian's libbpf 1.1 ({@code libbpf.so.1}) plus direct {@code bpf(2)} calls where libbpf 1.1 falls
 * short. Used by the end-to-end tests and by {@code tinybpf verify --kernel}.
 *
 * <h2>Layers</h2>
 * <ul>
 *   <li>{@link io.tinybpf.kernel.BpfObject} — an ELF object through libbpf: describe its
 *       {@linkplain io.tinybpf.kernel.BpfObject#programs() programs} and
 *       {@linkplain io.tinybpf.kernel.BpfObject#maps() maps}, edit it before load
 *       ({@linkplain io.tinybpf.kernel.BpfObject#setVariable .rodata constants},
 *       {@linkplain io.tinybpf.kernel.BpfProgram#setAutoload autoload}, map sizes), then
 *       {@linkplain io.tinybpf.kernel.BpfObject#load() load} it, getting every program's full
 *       verifier log as a {@link io.tinybpf.kernel.VerifierReport}.</li>
 *   <li>{@link io.tinybpf.kernel.BpfProgram} — attach (tracepoint, raw tracepoint, section-based
 *       auto attach such as tp_btf, uprobe, kprobe, XDP, tc clsact, cgroup, socket filter), each
 *       returning an {@link java.lang.AutoCloseable} {@link io.tinybpf.kernel.BpfLink}, or
 *       {@linkplain io.tinybpf.kernel.BpfProgram#testRun test-run} it.</li>
 *   <li>{@link io.tinybpf.kernel.BpfMap} — lookup/update/delete/iterate with raw little-endian
 *       bytes ({@link io.tinybpf.kernel.LittleEndian}), per-CPU values, pins.</li>
 *   <li>{@link io.tinybpf.kernel.RingBufferReader} and {@link io.tinybpf.kernel.PerfBufferReader}
 *       — event streams delivered to Java callbacks as byte arrays.</li>
 *   <li>{@link io.tinybpf.kernel.Bpf} — bpf(2) itself: raw program loads, map creation and
 *       element calls, object info (incl. {@code verified_insns}), test runs, links, legacy
 *       attach, pins, run-time statistics.</li>
 * </ul>
 *
 * <h2>Example</h2>
 * <pre>{@code
 * try (BpfObject obj = BpfObject.open(Path.of("xdp.o"))) {
 *     obj.setVariable("verdict", LittleEndian.u32(1));           // const volatile in .rodata
 *     LoadResult loaded = obj.load();                             // KernelException if rejected
 *     System.out.println(loaded.program("xdp_prog").orElseThrow().processedInsns());
 *     obj.map("blocked_ports").update(LittleEndian.u16(53), new byte[] {1});
 *     TestRunResult r = obj.program("xdp_prog").testRun(TestRun.packet(frame));
 *     try (BpfLink link = obj.program("xdp_prog").attachXdp(Net.ifindex("eth0"), BpfProgram.XDP_FLAGS_SKB_MODE)) {
 *         ...
 *     }
 * }   // closes links and readers still open, then the object
 * }</pre>
 *
 * <h2>Errors</h2>
 * Every failure is an unchecked {@link io.tinybpf.kernel.KernelException} naming the operation and
 * the errno ({@link io.tinybpf.kernel.Errno}); program loads add the verifier log and libbpf's
 * messages. {@link io.tinybpf.kernel.KernelException#kind()} separates a verifier rejection from a
 * kernel that refuses the program type outright (e.g. EPERM for fentry/LSM on kernels without
 * BPF trampolines or BPF LSM — libbpf's "try raising 'ulimit -l'" hint is misleading there).
 * Absent map keys are not errors: lookups return null, deletes false.
 *
 * <h2>Requirements and threading</h2>
 * Root (or CAP_BPF + CAP_PERFMON/CAP_NET_ADMIN as the program type needs), libbpf1, and
 * {@code --enable-native-access} for this code. Objects, programs and maps may be used from any
 * thread (object state changes are synchronized); reader callbacks run on the polling thread.
 * Nothing here is specific to TinyGo: any BPF ELF object libbpf 1.1 accepts works.
 */
package io.tinybpf.kernel;

package io.tinybpf.kernel;

import java.util.List;

/**
 * What the kernel reports about a loaded program ({@code BPF_OBJ_GET_INFO_BY_FD}, struct bpf_prog_info).
 *
 * @param type            BPF_PROG_TYPE_* number
 * @param typeName        libbpf's name for it ("xdp", "tracepoint", ...), or "type N" without libbpf
 * @param id              kernel-wide program id
 * @param tag             the 8-byte program tag as 16 hex digits
 * @param name            program name (truncated by the kernel to 15 characters)
 * @param jitedLength     bytes of JIT-compiled code (0 when JIT is off or not visible)
 * @param xlatedLength    bytes of the translated (post-verifier) BPF instructions
 * @param xlatedInsns     {@code xlatedLength / 8}
 * @param verifiedInsns   instructions the verifier processed ({@code verified_insns}, kernel 5.16+)
 * @param loadTimeNs      boot-time nanoseconds of the load
 * @param createdByUid    uid that loaded it
 * @param mapIds          ids of the maps the program uses
 * @param btfId           id of the program's BTF object (0 when none)
 * @param gplCompatible   whether its license is GPL-compatible
 * @param runTimeNs       cumulative run time (only counted while stats are enabled, see {@link Bpf#enableStats()})
 * @param runCount        number of runs (idem)
 * @param recursionMisses runs skipped because of recursion
 */
public record ProgInfo(int type, String typeName, int id, String tag, String name, int jitedLength, int xlatedLength,
                       int xlatedInsns, int verifiedInsns, long loadTimeNs, int createdByUid, List<Integer> mapIds,
                       int btfId, boolean gplCompatible, long runTimeNs, long runCount, long recursionMisses) {
    public ProgInfo {
        mapIds = List.copyOf(mapIds);
    }
}

package io.tinybpf.elf;

import io.tinybpf.btf.BtfBuilder;
import io.tinybpf.btf.BtfBuilder.ExtSection;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A hand-built BPF object equivalent to:
 * <pre>
 * struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 16); __type(key, __u32); __type(value, __u32); } stats SEC(".maps");
 * SEC("xdp") int prog(void *ctx) { r1 = &stats (ld_imm64); [call kfunc/foo]; return 2; }
 * char LICENSE[] SEC("license") = "GPL";
 * </pre>
 * Public fields switch individual parts off or break them for negative tests.
 */
final class BpfFixture {
    boolean license = true;
    byte[] licenseText = {'G', 'P', 'L', 0};
    boolean btf = true;
    boolean btfExt = true;
    boolean mapVar = true;          // stats has a VAR in DATASEC .maps
    String extraMapMember = null;   // adds an unknown attribute to the map struct
    int mapType = 1;                // BPF_MAP_TYPE_HASH
    boolean typeAsPlainInt = false; // 'type' encoded as int instead of int (*)[N]
    boolean kfunc = false;          // call an extern __ksym function
    boolean undefinedCall = false;  // call an extern function that is not a kfunc
    boolean staticProgram = false;
    String programSection = "xdp";
    boolean mapsExecutable = false;
    int machine = 247;
    int elfClass = 2;
    ByteOrder order = ByteOrder.LITTLE_ENDIAN;
    int elfType = 1;

    byte[] build() {
        ElfBuilder e = new ElfBuilder();
        e.machine = machine;
        e.elfClass = elfClass;
        e.order = order;
        e.type = elfType;
        boolean call = kfunc || undefinedCall;
        // r1 = ld_imm64 &stats; [call -1 (pseudo call to extern)]; r0 = 2; exit
        ByteBuffer code = ByteBuffer.allocate(call ? 40 : 32).order(order);
        code.put((byte) 0x18).put((byte) 0x01).putShort((short) 0).putInt(0).putLong(0);
        if (call) code.put((byte) 0x85).put((byte) 0x10).putShort((short) 0).putInt(-1);
        code.put((byte) 0xb7).put((byte) 0).putShort((short) 0).putInt(2);
        code.put((byte) 0x95).put((byte) 0).putShort((short) 0).putInt(0);

        if (!programSection.equals(".text")) e.progbits(".text", ElfBuilder.AX, new byte[0]);
        int prog = e.progbits(programSection, ElfBuilder.AX, code.array());
        int maps = e.progbits(".maps", mapsExecutable ? ElfBuilder.AX | ElfSection.SHF_WRITE : ElfBuilder.WA, new byte[32]);
        int lic = license ? e.progbits("license", ElfBuilder.WA, licenseText) : 0;

        BtfBuilder b = new BtfBuilder(order);
        int intT = b.intType("int", 4, 1);
        int sizeT = b.intType("__ARRAY_SIZE_TYPE__", 4, 0);
        int typeField = typeAsPlainInt ? intT : b.ptr(b.array(intT, sizeT, mapType));
        int maxField = b.ptr(b.array(intT, sizeT, 16));
        int u32 = b.typedef("__u32", b.intType("unsigned int", 4, 0));
        int pu32 = b.ptr(u32);
        Object[] members = extraMapMember == null
                ? new Object[] {"type", typeField, 0, "max_entries", maxField, 64, "key", pu32, 128, "value", pu32, 192}
                : new Object[] {"type", typeField, 0, "max_entries", maxField, 64, "key", pu32, 128, "value", pu32, 192,
                        extraMapMember, maxField, 256};
        int def = b.struct("", extraMapMember == null ? 32 : 40, members);
        int statsVar = b.var("stats", def, 1);
        int proto = b.funcProto(intT, "ctx", b.ptr(0));
        int progFunc = b.func("prog", proto, 1);
        int kfuncId = 0;
        if (kfunc) kfuncId = b.func("bpf_kfunc", b.funcProto(0), 2);
        if (undefinedCall) b.func("foo", b.funcProto(0), 2); // clang's BTF for a plain extern: no .ksyms
        if (mapVar) b.datasec(".maps", 0, statsVar, 0, 32);
        else b.datasec(".maps", 0);
        if (kfunc) b.datasec(".ksyms", 0, kfuncId, 0, 0);
        // .BTF.ext strings live in .BTF, so the extension is written first.
        byte[] ext = b.ext(
                new ExtSection[] {new ExtSection(programSection, 1, 0, progFunc)},
                new ExtSection[] {new ExtSection(programSection, 1, 0, b.str("x.c"), b.str("int prog(void *ctx) {"), 7L << 10 | 5)},
                new ExtSection[0]);
        if (btf) e.progbits(".BTF", 0, b.build());
        if (btfExt) e.progbits(".BTF.ext", 0, ext);

        e.symbol("x.c", 0, 0, ElfBuilder.STB_LOCAL, 4, ElfSymbol.SHN_ABS);
        e.symbol("", 0, 0, ElfBuilder.STB_LOCAL, ElfBuilder.STT_SECTION, prog);
        e.symbol("prog", 0, code.capacity(), staticProgram ? ElfBuilder.STB_LOCAL : ElfBuilder.STB_GLOBAL, ElfBuilder.STT_FUNC, prog);
        int statsSym = e.symbol("stats", 0, 32, ElfBuilder.STB_GLOBAL, ElfBuilder.STT_OBJECT, maps);
        if (license) e.symbol("LICENSE", 0, licenseText.length, ElfBuilder.STB_GLOBAL, ElfBuilder.STT_OBJECT, lic);
        e.rel(prog, 0, statsSym, ElfRelocation.R_BPF_64_64);
        if (kfunc) e.rel(prog, 16, e.symbol("bpf_kfunc", 0, 0, ElfBuilder.STB_GLOBAL, ElfBuilder.STT_NOTYPE, 0), ElfRelocation.R_BPF_64_32);
        if (undefinedCall) e.rel(prog, 16, e.symbol("foo", 0, 0, ElfBuilder.STB_GLOBAL, ElfBuilder.STT_NOTYPE, 0), ElfRelocation.R_BPF_64_32);
        return e.build();
    }
}

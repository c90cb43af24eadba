package io.tinybpf.btf;

import java.util.List;

/**
 * One BTF type. Every type has its id and name ({@code ""} when anonymous); references to other
 * types are ids, resolved through {@link Btf#type(int)}. Id 0 is {@link Void}.
 */
public sealed interface BtfType {
    int id();

    String name();

    BtfKind kind();

    /** Types that point at exactly one other type. */
    sealed interface Ref extends BtfType {
        int type();
    }

    /** Typedef, const, volatile, restrict and type tag: skipped when resolving a type. */
    sealed interface Modifier extends Ref {}

    /** Linkage of FUNC and VAR ({@code BTF_FUNC_*} and {@code BTF_VAR_*} share the numbers). */
    enum Linkage {
        STATIC, GLOBAL, EXTERN;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    record Void() implements BtfType {
        public int id() {
            return 0;
        }

        public String name() {
            return "";
        }

        public BtfKind kind() {
            return BtfKind.VOID;
        }
    }

    /** @param encoding bit set of {@link #SIGNED}, {@link #CHAR}, {@link #BOOL} */
    record Int(int id, String name, int size, int encoding, int bitOffset, int bits) implements BtfType {
        public static final int SIGNED = 1, CHAR = 2, BOOL = 4;

        public BtfKind kind() {
            return BtfKind.INT;
        }

        public boolean signed() {
            return (encoding & SIGNED) != 0;
        }
    }

    record Ptr(int id, String name, int type) implements Ref {
        public BtfKind kind() {
            return BtfKind.PTR;
        }
    }

    /** @param nelems element count (unsigned 32-bit in BTF) */
    record Array(int id, String name, int elemType, int indexType, long nelems) implements BtfType {
        public BtfKind kind() {
            return BtfKind.ARRAY;
        }
    }

    /**
     * @param bitOffset    offset from the start of the struct, in bits
     * @param bitfieldSize bit-field width, 0 for ordinary members (only set when the struct's kind_flag is set)
     */
    record Member(String name, int type, long bitOffset, int bitfieldSize) {
        /** A bit-field, or a member that does not start on a byte boundary: bindings keep its bytes. */
        public boolean bitAddressed() {
            return bitfieldSize != 0 || bitOffset % 8 != 0;
        }

        /** The byte after the last one holding this member ({@code typeSize}: its type's size in bytes). */
        public long endByte(long typeSize) {
            long bits = bitfieldSize != 0 ? bitfieldSize : typeSize * 8;
            return (bitOffset + bits + 7) / 8;
        }
    }

    /** Struct or union. */
    sealed interface Composite extends BtfType {
        long size();

        List<Member> members();
    }

    record Struct(int id, String name, long size, List<Member> members) implements Composite {
        public BtfKind kind() {
            return BtfKind.STRUCT;
        }
    }

    record Union(int id, String name, long size, List<Member> members) implements Composite {
        public BtfKind kind() {
            return BtfKind.UNION;
        }
    }

    record EnumValue(String name, long value) {}

    /** 32-bit enumerators; {@code signed} is the kind_flag. */
    record Enum(int id, String name, long size, boolean signed, List<EnumValue> values) implements BtfType {
        public BtfKind kind() {
            return BtfKind.ENUM;
        }
    }

    record Enum64(int id, String name, long size, boolean signed, List<EnumValue> values) implements BtfType {
        public BtfKind kind() {
            return BtfKind.ENUM64;
        }
    }

    record Fwd(int id, String name, boolean union) implements BtfType {
        public BtfKind kind() {
            return BtfKind.FWD;
        }
    }

    record Typedef(int id, String name, int type) implements Modifier {
        public BtfKind kind() {
            return BtfKind.TYPEDEF;
        }
    }

    record Volatile(int id, String name, int type) implements Modifier {
        public BtfKind kind() {
            return BtfKind.VOLATILE;
        }
    }

    record Const(int id, String name, int type) implements Modifier {
        public BtfKind kind() {
            return BtfKind.CONST;
        }
    }

    record Restrict(int id, String name, int type) implements Modifier {
        public BtfKind kind() {
            return BtfKind.RESTRICT;
        }
    }

    record TypeTag(int id, String name, int type) implements Modifier {
        public BtfKind kind() {
            return BtfKind.TYPE_TAG;
        }
    }

    /** @param type the FUNC_PROTO */
    record Func(int id, String name, int type, Linkage linkage) implements Ref {
        public BtfKind kind() {
            return BtfKind.FUNC;
        }
    }

    /** @param name empty for unnamed parameters; a final param with name "" and type 0 means {@code ...} */
    record Param(String name, int type) {}

    record FuncProto(int id, String name, int returnType, List<Param> params) implements BtfType {
        public BtfKind kind() {
            return BtfKind.FUNC_PROTO;
        }

        public boolean variadic() {
            return !params.isEmpty() && params.getLast().type() == 0;
        }
    }

    record Var(int id, String name, int type, Linkage linkage) implements Ref {
        public BtfKind kind() {
            return BtfKind.VAR;
        }
    }

    /**
     * @param type   the VAR (or FUNC, for {@code .ksyms}) placed in the section
     * @param offset byte offset in the section (0 in relocatable objects: libbpf fills it in)
     */
    record VarSecInfo(int type, long offset, long size) {}

    /** @param size section size (0 in relocatable objects: libbpf fills it in) */
    record DataSec(int id, String name, long size, List<VarSecInfo> vars) implements BtfType {
        public BtfKind kind() {
            return BtfKind.DATASEC;
        }
    }

    record Float(int id, String name, long size) implements BtfType {
        public BtfKind kind() {
            return BtfKind.FLOAT;
        }
    }

    /** @param componentIdx -1 for the type itself, else the member or parameter index */
    record DeclTag(int id, String name, int type, int componentIdx) implements Ref {
        public BtfKind kind() {
            return BtfKind.DECL_TAG;
        }
    }
}

package io.tinybpf.btf;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parsed {@code .BTF.ext}: per ELF section, function info, line info and CO-RE relocations.
 * Strings (section names, file names, source lines, access strings) live in the {@code .BTF}
 * string table, so parsing needs the {@link Btf}. Maps are keyed by ELF section name in file order.
 *
 * <p>Instruction offsets are reported as stored in a relocatable object: in bytes from the start
 * of the section (libbpf converts them to instruction indices at load time).
 */
public final class BtfExt {
    public static final int MIN_HEADER_SIZE = 24, CORE_HEADER_SIZE = 32;

    public record FuncInfo(long insnOffset, int typeId) {
        public long insnIndex() {
            return insnOffset / 8;
        }
    }

    /** @param line source line number, {@code column} the column (both from {@code line_col}) */
    public record LineInfo(long insnOffset, String fileName, String lineText, int line, int column) {
        public long insnIndex() {
            return insnOffset / 8;
        }
    }

    /** @param kind raw {@code enum bpf_core_relo_kind} value; {@link #kindEnum()} names it */
    public record CoreRelo(long insnOffset, int typeId, String accessString, int kind) {
        public long insnIndex() {
            return insnOffset / 8;
        }

        public CoreReloKind kindEnum() {
            return CoreReloKind.of(kind);
        }
    }

    /** {@code enum bpf_core_relo_kind}, with libbpf's short names. */
    public enum CoreReloKind {
        FIELD_BYTE_OFFSET("byte_off"), FIELD_BYTE_SIZE("byte_sz"), FIELD_EXISTS("field_exists"),
        FIELD_SIGNED("signed"), FIELD_LSHIFT_U64("lshift_u64"), FIELD_RSHIFT_U64("rshift_u64"),
        TYPE_ID_LOCAL("local_type_id"), TYPE_ID_TARGET("target_type_id"), TYPE_EXISTS("type_exists"),
        TYPE_SIZE("type_size"), ENUMVAL_EXISTS("enumval_exists"), ENUMVAL_VALUE("enumval_value"),
        TYPE_MATCHES("type_matches"), UNKNOWN("unknown");

        private final String label;

        CoreReloKind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public static CoreReloKind of(int kind) {
            return kind >= 0 && kind < UNKNOWN.ordinal() ? values()[kind] : UNKNOWN;
        }
    }

    private final Map<String, List<FuncInfo>> funcInfo;
    private final Map<String, List<LineInfo>> lineInfo;
    private final Map<String, List<CoreRelo>> coreRelos;

    private BtfExt(Map<String, List<FuncInfo>> f, Map<String, List<LineInfo>> l, Map<String, List<CoreRelo>> c) {
        this.funcInfo = Collections.unmodifiableMap(f);
        this.lineInfo = Collections.unmodifiableMap(l);
        this.coreRelos = Collections.unmodifiableMap(c);
    }

    public static BtfExt parse(byte[] data, Btf btf) throws BtfFormatException {
        return parse(ByteBuffer.wrap(data), btf);
    }

    public static BtfExt parse(ByteBuffer data, Btf btf) throws BtfFormatException {
        ByteBuffer b = data.slice();
        int len = b.remaining();
        if (len < MIN_HEADER_SIZE) throw new BtfFormatException("truncated BTF.ext: " + len + " bytes, the header alone needs " + MIN_HEADER_SIZE);
        b.order(Btf.byteOrder(b, "BTF.ext"));
        int version = b.get(2) & 0xff;
        if (version != 1) throw new BtfFormatException("unsupported BTF.ext version " + version + " (expected 1)");
        long hdrLen = Btf.u32(b, 4);
        if (hdrLen < MIN_HEADER_SIZE || hdrLen > len) throw new BtfFormatException("BTF.ext header length " + hdrLen + " is invalid (must be " + MIN_HEADER_SIZE + ".." + len + ")");
        Reader r = new Reader(b, (int) hdrLen, btf);
        var f = r.blocks("func_info", Btf.u32(b, 8), Btf.u32(b, 12), 8, (at, sec) ->
                new FuncInfo(Btf.u32(b, at), r.typeId(Btf.u32(b, at + 4), "func_info in '" + sec + "'")));
        var l = r.blocks("line_info", Btf.u32(b, 16), Btf.u32(b, 20), 16, (at, sec) -> {
            long lineCol = Btf.u32(b, at + 12);
            return new LineInfo(Btf.u32(b, at), btf.stringOrThrow(Btf.u32(b, at + 4), "line_info file name in '" + sec + "'"),
                    btf.stringOrThrow(Btf.u32(b, at + 8), "line_info source line in '" + sec + "'"),
                    (int) (lineCol >>> 10), (int) (lineCol & 0x3ff));
        });
        Map<String, List<CoreRelo>> c = new LinkedHashMap<>();
        if (hdrLen >= CORE_HEADER_SIZE) {
            c = r.blocks("core_relo", Btf.u32(b, 24), Btf.u32(b, 28), 16, (at, sec) ->
                    new CoreRelo(Btf.u32(b, at), r.typeId(Btf.u32(b, at + 4), "CO-RE relocation in '" + sec + "'"),
                            btf.stringOrThrow(Btf.u32(b, at + 8), "CO-RE access string in '" + sec + "'"), b.getInt(at + 12)));
        }
        return new BtfExt(f, l, c);
    }

    /** func_info per ELF section name. */
    public Map<String, List<FuncInfo>> funcInfo() {
        return funcInfo;
    }

    public Map<String, List<LineInfo>> lineInfo() {
        return lineInfo;
    }

    public Map<String, List<CoreRelo>> coreRelos() {
        return coreRelos;
    }

    public List<FuncInfo> funcInfo(String section) {
        return funcInfo.getOrDefault(section, List.of());
    }

    public List<LineInfo> lineInfo(String section) {
        return lineInfo.getOrDefault(section, List.of());
    }

    public List<CoreRelo> coreRelos(String section) {
        return coreRelos.getOrDefault(section, List.of());
    }

    public int coreReloCount() {
        int n = 0;
        for (List<CoreRelo> l : coreRelos.values()) n += l.size();
        return n;
    }

    @FunctionalInterface
    private interface RecordReader<T> {
        T read(int at, String section) throws BtfFormatException;
    }

    private static final class Reader {
        private final ByteBuffer b;
        private final int base;
        private final Btf btf;

        Reader(ByteBuffer b, int base, Btf btf) {
            this.b = b;
            this.base = base;
            this.btf = btf;
        }

        int typeId(long id, String what) throws BtfFormatException {
            if (id >= btf.typeCount()) throw new BtfFormatException(what + ": type id " + id + " is out of range (" + btf.typeCount() + " types)");
            return (int) id;
        }

        /**
         * One info block: {@code u32 rec_size}, then per section {@code sec_name_off, num_info} and
         * {@code num_info} records of {@code rec_size} bytes (which may exceed the fields we read).
         */
        <T> Map<String, List<T>> blocks(String what, long off, long len, int minRec, RecordReader<T> rd)
                throws BtfFormatException {
            Map<String, List<T>> out = new LinkedHashMap<>();
            if (len == 0) return out;
            long start = base + off, end = start + len;
            if (end > b.limit()) throw new BtfFormatException("BTF.ext " + what + " (offset " + off + ", length " + len + ") extends past the end of the data (" + b.limit() + " bytes)");
            if (len < 4) throw new BtfFormatException("BTF.ext " + what + " is too short for its record size (" + len + " bytes)");
            long recSize = Btf.u32(b, (int) start);
            if (recSize < minRec || (recSize & 3) != 0) throw new BtfFormatException("BTF.ext " + what + " record size " + recSize + " is invalid (must be a multiple of 4, at least " + minRec + ")");
            long p = start + 4;
            while (p < end) {
                if (end - p < 8) throw new BtfFormatException("BTF.ext " + what + ": truncated section header at offset " + (p - base));
                String sec = btf.stringOrThrow(Btf.u32(b, (int) p), "BTF.ext " + what + " section name");
                long n = Btf.u32(b, (int) p + 4);
                p += 8;
                if (n == 0) throw new BtfFormatException("BTF.ext " + what + " for section '" + sec + "' has no records");
                if (n > (end - p) / recSize) throw new BtfFormatException("BTF.ext " + what + " for section '" + sec + "': " + n + " records of " + recSize + " bytes extend past the end of the block");
                List<T> list = out.computeIfAbsent(sec, k -> new ArrayList<>());
                for (long i = 0; i < n; i++, p += recSize) list.add(rd.read((int) p, sec));
            }
            out.replaceAll((k, v) -> List.copyOf(v));
            return out;
        }
    }
}

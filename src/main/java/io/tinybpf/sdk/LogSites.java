package io.tinybpf.sdk;

import io.tinybpf.elf.ElfFile;
import io.tinybpf.elf.ElfSection;
import io.tinybpf.elf.ElfSymbol;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The log call sites of an object: the table {@code tinybpf_log_sites} the transform writes into
 * {@code .rodata} (one line per call of the SDK's log functions: id, level, Go position, argument
 * kinds, Go format), and the decoding of the records those calls send through the
 * {@code tinybpf_logs} ring buffer: {@code u32 site, u32 0, u64 args[n]}, then one slot per
 * {@code %s} argument holding its bytes.
 */
public final class LogSites {
    /** The ring buffer the SDK's log package declares. */
    public static final String RING = "tinybpf_logs";
    /** The table's symbol. */
    public static final String TABLE = "tinybpf_log_sites";
    private static final String MAGIC = "tinybpf-log-sites v1";
    private static final String[] LEVELS = {"?", "ERROR", "WARN", "INFO", "DEBUG", "TRACE"};

    /**
     * One call site.
     *
     * @param kinds per argument: {@code i8..i64}, {@code u8..u64}, {@code bool}, {@code ptr}, or
     *              {@code sN} (a string slot of N bytes)
     */
    public record Site(int id, int level, String position, List<String> kinds, String format) {
        public String levelName() {
            return level > 0 && level < LEVELS.length ? LEVELS[level] : "LEVEL" + level;
        }

        /** The record's size: header, one u64 per argument, the string slots. */
        public int recordSize() {
            int n = 8 + 8 * kinds.size();
            for (String k : kinds) if (k.startsWith("s")) n += (Integer.parseInt(k.substring(1)) + 7) / 8 * 8;
            return n;
        }
    }

    /** A decoded record. */
    public record Entry(Site site, String message) {
        /** {@code INFO main.go:16: message}. */
        @Override
        public String toString() {
            return site.levelName() + " " + site.position() + ": " + message;
        }
    }

    private final Map<Integer, Site> sites;

    private LogSites(Map<Integer, Site> sites) {
        this.sites = sites;
    }

    public Map<Integer, Site> sites() {
        return sites;
    }

    /** The object's log sites; empty when it makes no log calls. */
    public static Optional<LogSites> of(ElfFile elf) {
        Optional<ElfSymbol> sym = elf.symbol(TABLE);
        if (sym.isEmpty() || !sym.get().isInSection()) return Optional.empty();
        ElfSection sec = elf.section(sym.get().shndx());
        byte[] all = sec.bytes();
        long off = sym.get().value(), len = sym.get().size();
        if (off < 0 || off + len > all.length) return Optional.empty();
        int end = (int) off;
        while (end < off + len && all[end] != 0) end++;
        return parse(new String(all, (int) off, end - (int) off, StandardCharsets.UTF_8));
    }

    /** Parses the table text; empty when it is not one. */
    public static Optional<LogSites> parse(String text) {
        String[] lines = text.split("\n");
        if (lines.length == 0 || !lines[0].equals(MAGIC)) return Optional.empty();
        Map<Integer, Site> out = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split("\t", -1);
            if (f.length != 5) continue;
            try {
                List<String> kinds = f[3].isEmpty() ? List.of() : List.of(f[3].split(","));
                out.put(Integer.parseInt(f[0]), new Site(Integer.parseInt(f[0]), Integer.parseInt(f[1]), unescape(f[2]), kinds, unescape(f[4])));
            } catch (NumberFormatException e) {
                // a malformed line: skipped, its records show as unknown sites
            }
        }
        return Optional.of(new LogSites(out));
    }

    static String unescape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                sb.append(n == 't' ? '\t' : n == 'n' ? '\n' : n);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Decodes one record of the {@code tinybpf_logs} ring buffer. */
    public Entry decode(byte[] record) {
        if (record.length < 8) return new Entry(new Site(-1, 0, "?", List.of(), ""), "(short log record: " + record.length + " bytes)");
        ByteBuffer b = ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN);
        int id = b.getInt(0);
        Site s = sites.get(id);
        if (s == null) return new Entry(new Site(id, 0, "?", List.of(), ""), "(log record of unknown site " + id + ")");
        if (record.length < s.recordSize()) {
            return new Entry(s, "(log record of " + record.length + " bytes, site " + id + " needs " + s.recordSize() + ")");
        }
        List<Object> values = new ArrayList<>();
        int slot = 8 + 8 * s.kinds().size();
        for (int i = 0; i < s.kinds().size(); i++) {
            String k = s.kinds().get(i);
            long raw = b.getLong(8 + 8 * i);
            if (k.startsWith("s")) {
                int n = Integer.parseInt(k.substring(1));
                int end = slot;
                while (end < slot + n && record[end] != 0) end++;
                values.add(new String(record, slot, end - slot, StandardCharsets.UTF_8));
                slot += (n + 7) / 8 * 8;
            } else {
                values.add(GoFormat.value(k, raw));
            }
        }
        return new Entry(s, GoFormat.sprintf(s.format(), values));
    }
}

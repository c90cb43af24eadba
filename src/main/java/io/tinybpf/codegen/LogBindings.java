package io.tinybpf.codegen;

import io.tinybpf.sdk.LogSites;
import java.util.List;

/**
 * The reader of the SDK's log records in the Go bindings: when the object makes log calls
 * (package tinybpf.io/sdk/log), {@code Read<Name>Log} takes the next record from the
 * {@code tinybpf_logs} ring buffer and {@code Decode<Name>Log} formats it with the object's site
 * table, compiled into the bindings, using Go's own fmt: the message reads exactly as the
 * program's format asked.
 */
final class LogBindings {
    private LogBindings() {}

    /** Go identifiers these bindings declare. */
    static List<String> names(String n) {
        return List.of(n + "LogRecord", "Read" + n + "Log", "Decode" + n + "Log", "_" + n + "LogSites", "_" + n + "LogSite",
                "_" + n + "LogPointer", "_" + n + "LogValues");
    }

    static void render(GoSource g, String n, String order, LogSites sites) {
        String rec = n + "LogRecord", site = "_" + n + "LogSite", ptr = "_" + n + "LogPointer";
        g.line("// " + rec + " is one record of the program's log calls (package tinybpf.io/sdk/log), formatted.");
        g.open("type " + rec + " struct {");
        g.row("Level", "uint8", "// 1 ERROR, 2 WARN, 3 INFO, 4 DEBUG, 5 TRACE");
        g.row("Position", "string", "// the Go file:line of the log call");
        g.row("Message", "string", "// the format applied to the call's values");
        g.close("}");
        g.blank();
        g.line("// String returns \"INFO main.go:16: message\".");
        g.open("func (r " + rec + ") String() string {");
        g.line("levels := [...]string{\"LEVEL0\", \"ERROR\", \"WARN\", \"INFO\", \"DEBUG\", \"TRACE\"}");
        g.line("l := \"LEVEL?\"");
        g.open("if int(r.Level) < len(levels) {");
        g.line("l = levels[r.Level]");
        g.close("}");
        g.line("return l + \" \" + r.Position + \": \" + r.Message");
        g.close("}");
        g.blank();
        g.line("// Read" + n + "Log waits for the next log record; rd reads the map " + LogSites.RING + " (ringbuf.NewReader(objs."
                + GoIdent.exported(LogSites.RING) + ")).");
        g.open("func Read" + n + "Log(rd *ringbuf.Reader) (" + rec + ", error) {");
        g.line("r, err := rd.Read()");
        g.open("if err != nil {");
        g.line("return " + rec + "{}, err");
        g.close("}");
        g.line("return Decode" + n + "Log(r.RawSample)");
        g.close("}");
        g.blank();
        g.line("// Decode" + n + "Log formats one record of " + LogSites.RING + ": a call-site number, one 64-bit word per");
        g.line("// argument, then the bytes of each %s argument.");
        g.open("func Decode" + n + "Log(b []byte) (" + rec + ", error) {");
        g.open("if len(b) < 8 {");
        g.line("return " + rec + "{}, fmt.Errorf(\"log record of %d bytes\", len(b))");
        g.close("}");
        g.line("s, ok := _" + n + "LogSites[" + order + ".Uint32(b)]");
        g.open("if !ok {");
        g.line("return " + rec + "{}, fmt.Errorf(\"log record of unknown call site %d (regenerate the bindings)\", " + order + ".Uint32(b))");
        g.close("}");
        g.line("args := make([]any, len(s.kinds))");
        g.line("slot := 8 + 8*len(s.kinds)");
        g.open("for i, k := range s.kinds {");
        g.open("if len(b) < 16+8*i {");
        g.line("return " + rec + "{}, fmt.Errorf(\"log record of %d bytes is too short for site %d\", len(b), " + order + ".Uint32(b))");
        g.close("}");
        g.open("if conv, ok := _" + n + "LogValues[k]; ok {");
        g.line("args[i] = conv(" + order + ".Uint64(b[8+8*i:]))");
        g.line("continue");
        g.close("}");
        g.line("// \"s<N>\": N bytes of NUL-terminated text after the words");
        g.line("size, _ := strconv.Atoi(k[1:])");
        g.open("if len(b) < slot+size {");
        g.line("return " + rec + "{}, fmt.Errorf(\"log record of %d bytes is too short for site %d\", len(b), " + order + ".Uint32(b))");
        g.close("}");
        g.line("text := b[slot : slot+size]");
        g.open("if z := bytes.IndexByte(text, 0); z >= 0 {");
        g.line("text = text[:z]");
        g.close("}");
        g.line("args[i] = string(text)");
        g.line("slot += (size + 7) / 8 * 8");
        g.close("}");
        g.line("return " + rec + "{Level: s.level, Position: s.position, Message: fmt.Sprintf(s.format, args...)}, nil");
        g.close("}");
        g.blank();
        g.line("// _" + n + "LogValues converts a record's word to the Go type of the argument, by kind.");
        g.open("var _" + n + "LogValues = map[string]func(uint64) any{");
        for (String[] c : new String[][] {{"i8", "int8(w)"}, {"i16", "int16(w)"}, {"i32", "int32(w)"}, {"i64", "int64(w)"},
                {"u8", "uint8(w)"}, {"u16", "uint16(w)"}, {"u32", "uint32(w)"}, {"u64", "w"}, {"bool", "w != 0"}, {"ptr", ptr + "(w)"}}) {
            g.row(GoIdent.quote(c[0]) + ":", "func(w uint64) any { return " + c[1] + " },");
        }
        g.close("}");
        g.blank();
        g.line("// " + ptr + " prints as Go prints a pointer (a kernel address in a log record).");
        g.line("type " + ptr + " uint64");
        g.blank();
        g.line("// Format implements fmt.Formatter.");
        g.open("func (p " + ptr + ") Format(f fmt.State, verb rune) {");
        g.line("fmt.Fprintf(f, \"0x%x\", uint64(p))");
        g.close("}");
        g.blank();
        g.line("type " + site + " struct {");
        g.line("\tlevel    uint8");
        g.line("\tposition string");
        g.line("\tkinds    []string");
        g.line("\tformat   string");
        g.line("}");
        g.blank();
        g.line("// The object's log call sites (its " + LogSites.TABLE + " table).");
        g.open("var _" + n + "LogSites = map[uint32]" + site + "{");
        for (LogSites.Site s : sites.sites().values()) {
            StringBuilder kinds = new StringBuilder("[]string{");
            for (int i = 0; i < s.kinds().size(); i++) kinds.append(i > 0 ? ", " : "").append(GoIdent.quote(s.kinds().get(i)));
            kinds.append("}");
            g.row(s.id() + ":", "{" + s.level() + ", " + GoIdent.quote(s.position()) + ", " + (s.kinds().isEmpty() ? "nil" : kinds)
                    + ", " + GoIdent.quote(s.format()) + "},");
        }
        g.close("}");
        g.blank();
    }
}

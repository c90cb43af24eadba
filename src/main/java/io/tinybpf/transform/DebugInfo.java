package io.tinybpf.transform;

import io.tinybpf.diag.SourcePos;
import io.tinybpf.ir.BodyLine;
import io.tinybpf.ir.Function;
import io.tinybpf.ir.MetadataDef;
import io.tinybpf.ir.Module;
import java.nio.file.Path;

/**
 * Reads TinyGo's debug metadata: Go source positions of instructions and functions, Go names of
 * functions, and debug types. Positions are made relative to the source root when they lie under
 * it, so diagnostics read {@code connect.go:21:5}.
 */
public final class DebugInfo {
    private final Module module;
    private final Path sourceRoot;

    public DebugInfo(Module module, Path sourceRoot) {
        this.module = module;
        this.sourceRoot = sourceRoot == null ? null : sourceRoot.toAbsolutePath().normalize();
    }

    public MetadataDef node(int id) {
        return id < 0 ? null : module.metadata(id);
    }

    /** Position of an instruction, preferring the innermost frame that is in user code. */
    public SourcePos position(BodyLine line) {
        return line == null ? null : location(line.attachment("dbg"));
    }

    /** Position of a function's definition ({@code func} line). */
    public SourcePos position(Function f) {
        MetadataDef sp = node(f.attachment("dbg"));
        if (sp == null) return null;
        return pos(sp.refField("file"), (int) sp.intField("line", 0), 0);
    }

    /** The DIGlobalVariable attached to a global through its DIGlobalVariableExpression, or null. */
    public MetadataDef globalVariable(io.tinybpf.ir.GlobalVar g) {
        MetadataDef gve = node(g.attachment("dbg"));
        if (gve == null) return null;
        if ("DIGlobalVariable".equals(gve.kind())) return gve;
        return node(gve.refField("var"));
    }

    /** Declaration position of a DIGlobalVariable (its line; no column), or null. */
    public SourcePos position(MetadataDef var) {
        if (var == null) return null;
        return pos(var.refField("file"), (int) var.intField("line", 0), 0);
    }

    /** Position of a DILocation id; walks {@code inlinedAt} to the first frame in user code. */
    public SourcePos location(int dilocation) {
        MetadataDef loc = node(dilocation);
        SourcePos first = null;
        for (int guard = 0; loc != null && "DILocation".equals(loc.kind()) && guard < 64; guard++) {
            SourcePos p = pos(fileOfScope(loc.refField("scope")), (int) loc.intField("line", 0), (int) loc.intField("column", 0));
            if (first == null) first = p;
            String fn = subprogramName(loc.refField("scope"));
            if (fn == null || !GoNames.isStdOrRuntime(GoNames.packageOf(fn))) return p;
            loc = node(loc.refField("inlinedAt"));
        }
        return first;
    }

    /** Go names of the functions an instruction sits in, innermost (inlined) first. */
    public java.util.List<String> inlineFrames(BodyLine line) {
        java.util.List<String> out = new java.util.ArrayList<>();
        MetadataDef loc = line == null ? null : node(line.attachment("dbg"));
        for (int guard = 0; loc != null && "DILocation".equals(loc.kind()) && guard < 64; guard++) {
            String fn = subprogramName(loc.refField("scope"));
            if (fn != null) out.add(fn);
            loc = node(loc.refField("inlinedAt"));
        }
        return out;
    }

    /**
     * Go name ({@code main.count}) of the subprogram enclosing a scope, or null. The linkage name
     * is preferred: it keeps the Go spelling after BTF name sanitizing.
     */
    public String subprogramName(int scope) {
        MetadataDef s = node(scope);
        for (int guard = 0; s != null && guard < 64; guard++) {
            if ("DISubprogram".equals(s.kind())) {
                String link = s.stringField("linkageName");
                return link != null && link.contains(".") ? link : s.stringField("name");
            }
            s = node(s.refField("scope"));
        }
        return null;
    }

    /** The Go-qualified name of a function from its DISubprogram ({@code main.count}), or the IR name. */
    public String goName(Function f) {
        MetadataDef sp = node(f.attachment("dbg"));
        String n = sp == null ? null : sp.stringField("name");
        return n != null ? n : f.name();
    }

    /** A user-facing function name: {@code main.count} is shown as {@code count}. */
    public String displayName(Function f) {
        return GoNames.display(goName(f));
    }

    private int fileOfScope(int scope) {
        MetadataDef s = node(scope);
        for (int guard = 0; s != null && guard < 64; guard++) {
            int file = s.refField("file");
            if (file >= 0) return file;
            s = node(s.refField("scope"));
        }
        return -1;
    }

    private SourcePos pos(int fileId, int line, int col) {
        MetadataDef f = node(fileId);
        if (f == null) return null;
        return new SourcePos(displayPath(f.stringField("filename"), f.stringField("directory")), line, col);
    }

    /** The absolute path of a DIFile's source, or null. */
    public Path sourceFile(int fileId) {
        MetadataDef f = node(fileId);
        if (f == null || f.stringField("filename") == null) return null;
        String dir = f.stringField("directory");
        Path p = dir == null || dir.isEmpty() ? Path.of(f.stringField("filename")) : Path.of(dir).resolve(f.stringField("filename"));
        if (!p.isAbsolute() && sourceRoot != null) p = sourceRoot.resolve(p);
        return p.normalize();
    }

    /** File path for messages: relative to the source root when inside it. */
    public String displayPath(String filename, String directory) {
        if (filename == null) return "<unknown>";
        Path p = directory == null || directory.isEmpty() ? Path.of(filename) : Path.of(directory).resolve(filename);
        if (sourceRoot != null && p.isAbsolute()) {
            Path n = p.normalize();
            if (n.startsWith(sourceRoot)) return sourceRoot.relativize(n).toString();
        }
        // after debug-info fixups, package files are relative to the package ("./main.go" is "main.go")
        return p.isAbsolute() ? p.toString() : p.normalize().toString();
    }

    // ------------------------------------------------------------------ types

    /** Follows typedefs and qualifiers ({@code const}, {@code volatile}) to the underlying type node. */
    public MetadataDef stripTypedefs(int typeId) {
        MetadataDef t = node(typeId);
        for (int guard = 0; t != null && guard < 64; guard++) {
            String tag = t.field("tag");
            if ("DIDerivedType".equals(t.kind()) && tag != null
                    && (tag.equals("DW_TAG_typedef") || tag.equals("DW_TAG_const_type") || tag.equals("DW_TAG_volatile_type"))) {
                t = node(t.refField("baseType"));
            } else {
                return t;
            }
        }
        return t;
    }

    /** If the type is a pointer, its pointee type id (else -1). Typedefs of pointers are followed. */
    public int pointee(int typeId) {
        MetadataDef t = stripTypedefs(typeId);
        if (t != null && "DIDerivedType".equals(t.kind()) && "DW_TAG_pointer_type".equals(t.field("tag"))) {
            return t.refField("baseType");
        }
        return -1;
    }

}

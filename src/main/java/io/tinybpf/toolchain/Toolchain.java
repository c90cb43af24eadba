package io.tinybpf.toolchain;

import io.tinybpf.diag.BuildException;
import io.tinybpf.diag.Stage;
import java.util.Optional;

/**
 * The tools one build uses. LLVM tools share one major version, at least TinyGo's.
 *
 * @param tinygo  null for {@code link}
 * @param llvmAr  null when not installed (only needed for {@code .a} inputs)
 * @param objcopy null when not installed (only needed for {@code .o} inputs)
 */
public record Toolchain(ToolLocator.Located tinygo, ToolLocator.Located llvmLink, ToolLocator.Located opt,
                        ToolLocator.Located llc, ToolLocator.Located llvmAr, ToolLocator.Located objcopy) {

    public static Toolchain discover(ToolLocator loc, boolean needTinygo) throws BuildException {
        try {
            ToolLocator.Located tinygo = null;
            int major = 0;
            if (needTinygo) {
                tinygo = loc.tinygo().orElseThrow(() -> new BuildException(Stage.DISCOVER_TOOLS, "tinygo not found",
                        "run scripts/setup tinygo (builds TinyGo from the Go module proxy into /opt/tinybpf), put tinygo "
                                + "on PATH, or pass --tinygo /path/to/tinygo"));
                major = tinygo.llvmMajor();
            }
            ToolLocator.Located link = required(loc, Tool.LLVM_LINK, major);
            ToolLocator.Located opt = required(loc, Tool.OPT, major);
            ToolLocator.Located llc = required(loc, Tool.LLC, major);
            ToolLocator.Located ar = loc.llvmTool(Tool.LLVM_AR, major, major).orElse(null);
            ToolLocator.Located oc = loc.llvmTool(Tool.LLVM_OBJCOPY, major, major).orElse(null);
            Toolchain t = new Toolchain(tinygo, link, opt, llc, ar, oc);
            t.requireTrusted(needTinygo);
            return t;
        } catch (ToolLocator.LocateException e) {
            throw new BuildException(Stage.DISCOVER_TOOLS, e.getMessage(), "pass an existing executable or drop the override");
        }
    }

    /**
     * Every tool (and the {@code go} TinyGo runs) must be one only the invoking user or root can
     * change: tinybpf runs as root, and so would a tool another user replaced.
     */
    private void requireTrusted(boolean go) throws BuildException {
        java.util.List<java.nio.file.Path> paths = new java.util.ArrayList<>();
        for (ToolLocator.Located l : new ToolLocator.Located[] {tinygo, llvmLink, opt, llc, llvmAr, objcopy}) if (l != null) paths.add(l.path());
        if (go) GoCommand.locate().ifPresent(paths::add);
        for (java.nio.file.Path p : paths) {
            try {
                io.tinybpf.util.Trust.require(p, "tool");
            } catch (io.tinybpf.util.Trust.UntrustedException e) {
                throw new BuildException(Stage.DISCOVER_TOOLS, e.getMessage(), "use a tool installed by root (scripts/setup) or by you");
            } catch (java.io.IOException e) {
                throw new BuildException(Stage.DISCOVER_TOOLS, "cannot check " + p + ": " + e.getMessage());
            }
        }
    }

    private static ToolLocator.Located required(ToolLocator loc, Tool t, int major) throws BuildException, ToolLocator.LocateException {
        Optional<ToolLocator.Located> l = loc.llvmTool(t, major, major);
        if (l.isPresent()) return l.get();
        String need = major > 0 ? " (LLVM " + major + " or newer: TinyGo was built with LLVM " + major + ")" : "";
        String pkg = major > 0 ? "llvm-" + major : "llvm-22";
        throw new BuildException(Stage.DISCOVER_TOOLS, t.command() + " not found" + need,
                "run scripts/setup llvm, or apt-get install " + pkg + ", or pass " + t.flag() + " /path/to/" + t.command());
    }
}

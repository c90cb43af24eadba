package io.tinybpf.cli;

import io.tinybpf.TinyBpf;
import io.tinybpf.util.AtomicFiles;
import io.tinybpf.util.Env;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Hidden: {@code __docs <share-dir>} writes the man page and the bash, zsh and fish completions
 * from the command definitions ({@link Command#define}), so they never drift from the flags the
 * parser accepts. scripts/image runs it at packaging; {@code make install} installs the results:
 * {@code man/man1/tinybpf.1}, {@code bash-completion/completions/tinybpf},
 * {@code zsh/site-functions/_tinybpf}, {@code fish/vendor_completions.d/tinybpf.fish}.
 */
final class DocsCommand extends Command {
    /** Values offered for flags that take one of a fixed set. */
    private static final Map<String, List<String>> CHOICES = Map.of(
            "--cpu", List.of("v1", "v2", "v3", "v4"),
            "--opt-profile", List.of("conservative", "default", "aggressive", "verifier-safe"));

    /** Environment variables tinybpf reads, for the man page. */
    private static final List<String[]> ENVIRONMENT = List.of(
            new String[] {"TINYBPF_CACHE_DIR", "Build cache directory (default $XDG_CACHE_HOME/tinybpf or ~/.cache/tinybpf)."},
            new String[] {"TMPDIR", "Where work directories are created."},
            new String[] {"TINYBPF_SERVER", "0 runs every command in its own JVM instead of the resident build server."},
            new String[] {"TINYBPF_SERVER_IDLE", "Seconds the build server waits for work before it exits (default 900)."},
            new String[] {"XDG_RUNTIME_DIR", "Holds the build server's socket (tinybpf/ inside it; else /tmp/tinybpf-<uid>), if private to the user."},
            new String[] {"TINYBPF_DEBUG", "Set: print stack traces of unexpected errors."});

    @Override
    String name() {
        return "__docs";
    }

    @Override
    String summary() {
        return "(internal) write the man page and shell completions.";
    }

    @Override
    String synopsis() {
        return "__docs <share-dir>";
    }

    @Override
    void define(CommandSpec spec) {
        positionals(spec, "<dir>", "Output directory (e.g. <prefix>/share).");
    }

    @Override
    int run(ParseResult pr, Io con) throws Exception {
        List<String> args = args(pr);
        if (args.size() != 1) throw new UsageException("exactly one output directory is required");
        Path share = Env.path(args.getFirst());
        write(share.resolve("man/man1/tinybpf.1"), manPage());
        write(share.resolve("bash-completion/completions/tinybpf"), bash());
        write(share.resolve("zsh/site-functions/_tinybpf"), zsh());
        write(share.resolve("fish/vendor_completions.d/tinybpf.fish"), fish());
        return OK;
    }

    private static void write(Path p, String text) throws java.io.IOException {
        java.nio.file.Files.createDirectories(p.getParent());
        AtomicFiles.write(p, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A command's flags, without the help flag every command has. */
    private static List<OptionSpec> options(Command c) {
        return c.spec().options().stream().filter(o -> !o.usageHelp()).toList();
    }

    private static boolean takesValue(OptionSpec o) {
        return o.arity().max() > 0 && o.type() != boolean.class && o.type() != Boolean.class;
    }

    private static String help(OptionSpec o) {
        return String.join(" ", o.description());
    }

    /** First sentence, for completion menus. */
    private static String brief(String s) {
        int dot = s.indexOf(". ");
        String b = dot > 0 ? s.substring(0, dot) : s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
        return b.length() > 70 ? b.substring(0, 67) + "..." : b;
    }

    // ------------------------------------------------------------------ man page

    static String manPage() {
        StringBuilder m = new StringBuilder();
        m.append(".TH TINYBPF 1 \"\" \"tinybpf ").append(TinyBpf.version()).append("\" \"User Commands\"\n");
        m.append(".SH NAME\ntinybpf \\- write eBPF programs in Go, compile them with TinyGo, run them in the Linux kernel\n");
        m.append(".SH SYNOPSIS\n.B tinybpf\n.I command\n[\\fIflags\\fR] [\\fIarguments\\fR]\n");
        m.append(".SH DESCRIPTION\n").append(roff("tinybpf turns a Go package into a BPF ELF object that libbpf, bpftool and "
                + "cilium/ebpf load and the kernel verifier accepts: TinyGo produces LLVM IR, tinybpf rewrites it for the "
                + "BPF target, LLVM's opt and llc optimize and compile it, and the result is validated and written "
                + "atomically. It also loads objects into the running kernel (verify --kernel, run, test), writes Go "
                + "bindings (generate) and new projects (init).")).append('\n');
        m.append(".PP\nFlags may come before or after the arguments. Run \\fBtinybpf\\fR \\fIcommand\\fR \\fB\\-\\-help\\fR for a command's flags.\n");
        m.append(".SH COMMANDS\n");
        for (Command c : Main.publicCommands()) {
            m.append(".SS \"").append(roff("tinybpf " + c.synopsis())).append("\"\n");
            m.append(roff(c.summary())).append('\n');
            for (OptionSpec o : options(c)) {
                m.append(".TP\n.B \"").append(roff(String.join(", ", o.names())));
                if (takesValue(o)) m.append(' ').append(roff(o.paramLabel()));
                m.append("\"\n").append(roff(help(o))).append('\n');
            }
        }
        m.append(".SH EXIT STATUS\n0 success; 1 failure (a build error, a rejected program, a failed check); 2 usage error.\n");
        m.append(".SH ENVIRONMENT\n");
        for (String[] e : ENVIRONMENT) m.append(".TP\n.B ").append(e[0]).append('\n').append(roff(e[1])).append('\n');
        m.append(".SH FILES\n.TP\n.B tinybpf.json\n").append(roff("Per-project defaults, found by walking up from the package "
                + "directory; flags win.")).append('\n');
        m.append(".SH SEE ALSO\n.BR bpftool (8),\n.BR tinygo (1)\n");
        return m.toString();
    }

    /** Escapes text for roff: backslashes, leading dots and quotes, dashes. */
    static String roff(String s) {
        String t = s.replace("\\", "\\e").replace("-", "\\-").replace("\"", "\\(dq");
        if (t.startsWith(".") || t.startsWith("'")) t = "\\&" + t;
        return t;
    }

    // ------------------------------------------------------------------ bash

    static String bash() {
        StringBuilder b = new StringBuilder();
        b.append("# bash completion for tinybpf (generated from the command definitions by `tinybpf __docs`)\n");
        b.append("_tinybpf() {\n");
        b.append("  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} flags='' valued=''\n");
        b.append("  if [ \"$COMP_CWORD\" -eq 1 ]; then\n");
        b.append("    COMPREPLY=($(compgen -W '").append(String.join(" ", commandNames())).append(" help' -- \"$cur\"))\n");
        b.append("    return\n  fi\n");
        b.append("  case ${COMP_WORDS[1]} in\n");
        for (Command c : Main.publicCommands()) {
            List<String> all = new ArrayList<>(), valued = new ArrayList<>();
            for (OptionSpec o : c.spec().options()) {
                all.addAll(List.of(o.names()));
                if (takesValue(o)) valued.addAll(List.of(o.names()));
            }
            b.append("    ").append(c.name()).append(") flags='").append(String.join(" ", all)).append("' valued='")
                    .append(String.join(" ", valued)).append("' ;;\n");
        }
        b.append("  esac\n");
        b.append("  case $prev in\n");
        for (var e : CHOICES.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
            b.append("    ").append(e.getKey()).append(") COMPREPLY=($(compgen -W '").append(String.join(" ", e.getValue()))
                    .append("' -- \"$cur\")); return ;;\n");
        }
        b.append("  esac\n");
        b.append("  if [[ \" $valued \" == *\" $prev \"* ]]; then COMPREPLY=($(compgen -f -- \"$cur\")); return; fi\n");
        b.append("  if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W \"$flags\" -- \"$cur\")); else COMPREPLY=($(compgen -f -- \"$cur\")); fi\n");
        b.append("}\n");
        b.append("complete -o filenames -o bashdefault -F _tinybpf tinybpf\n");
        return b.toString();
    }

    private static List<String> commandNames() {
        return Main.publicCommands().stream().map(Command::name).toList();
    }

    // ------------------------------------------------------------------ zsh

    static String zsh() {
        StringBuilder z = new StringBuilder();
        z.append("#compdef tinybpf\n# zsh completion for tinybpf (generated from the command definitions by `tinybpf __docs`)\n");
        z.append("_tinybpf() {\n  local -a commands\n  commands=(\n");
        for (Command c : Main.publicCommands()) z.append("    ").append(sq(c.name() + ":" + brief(c.summary()).replace(":", "\\:"))).append('\n');
        z.append("  )\n");
        z.append("  if (( CURRENT == 2 )); then _describe 'command' commands; return; fi\n");
        z.append("  local cmd=$words[2]\n  shift words\n  (( CURRENT-- ))\n");
        z.append("  case $cmd in\n");
        for (Command c : Main.publicCommands()) {
            z.append("    ").append(c.name()).append(")\n      _arguments -s");
            for (OptionSpec o : c.spec().options()) {
                String desc = "[" + brief(help(o)).replace("[", "(").replace("]", ")").replace(":", "\\:") + "]";
                String action = "";
                if (takesValue(o)) {
                    List<String> ch = CHOICES.get(o.longestName());
                    action = ":" + o.paramLabel().replaceAll("[<>:]", "") + ":" + (ch != null ? "(" + String.join(" ", ch) + ")" : "_files");
                }
                String[] names = o.names();
                String rep = o.type().isArray() ? "*" : "";
                if (names.length == 1) {
                    z.append(" \\\n        ").append(sq(rep + names[0] + (takesValue(o) && names[0].startsWith("--") ? "=" : "") + desc + action));
                } else {
                    String excl = rep.isEmpty() ? "(" + String.join(" ", names) + ")" : "*";
                    z.append(" \\\n        ").append(sq(excl)).append("{").append(String.join(",", names)).append("}").append(sq(desc + action));
                }
            }
            z.append(" \\\n        '*:argument:_files' ;;\n");
        }
        z.append("  esac\n}\n_tinybpf \"$@\"\n");
        return z.toString();
    }

    /** Single-quoted for a POSIX shell. */
    private static String sq(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    // ------------------------------------------------------------------ fish

    static String fish() {
        StringBuilder f = new StringBuilder();
        f.append("# fish completion for tinybpf (generated from the command definitions by `tinybpf __docs`)\n");
        f.append("complete -c tinybpf -f\n");
        String all = String.join(" ", commandNames());
        for (Command c : Main.publicCommands()) {
            f.append("complete -c tinybpf -n ").append(sq("not __fish_seen_subcommand_from " + all)).append(" -a ").append(c.name())
                    .append(" -d ").append(sq(brief(c.summary()))).append('\n');
        }
        for (Command c : Main.publicCommands()) {
            String cond = sq("__fish_seen_subcommand_from " + c.name());
            f.append("complete -c tinybpf -n ").append(cond).append(" -F\n");
            for (OptionSpec o : c.spec().options()) {
                f.append("complete -c tinybpf -n ").append(cond);
                for (String n : o.names()) {
                    if (n.startsWith("--")) f.append(" -l ").append(n.substring(2));
                    else f.append(" -s ").append(n.substring(1));
                }
                if (takesValue(o)) {
                    f.append(" -r");
                    List<String> ch = CHOICES.get(o.longestName());
                    f.append(ch != null ? " -f -a " + sq(String.join(" ", ch)) : " -F");
                }
                f.append(" -d ").append(sq(brief(help(o)))).append('\n');
            }
        }
        return f.toString();
    }
}

package io.tinybpf.cli;

import io.tinybpf.util.Env;
import io.tinybpf.TinyBpf;
import io.tinybpf.diag.BuildException;
import io.tinybpf.util.Suggest;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** The {@code tinybpf} command line. Exit codes: 0 success, 1 failure, 2 usage error. */
public final class Main {
    private static final Map<String, Command> COMMANDS = new LinkedHashMap<>();

    static {
        for (Command c : List.of(new BuildCommand(), new LinkCommand(), new VerifyCommand(), new RunCommand(), new TestCommand(), new GenerateCommand(), new InitCommand(),
                new CleanCacheCommand(), new DoctorCommand(), new VersionCommand(),
                new TrainCommand(), new ServerCommand(), new DocsCommand())) {
            COMMANDS.put(c.name(), c);
        }
    }

    private Main() {}

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    /**
     * Runs one request of the build server: like {@link #run}, except that internal commands
     * ({@code __server}, {@code __train}, ...) are refused, so a client cannot make the server
     * start another server or retrain.
     */
    public static int runForClient(String[] args, PrintStream out, PrintStream err) {
        if (args.length > 0 && args[0].startsWith("__")) {
            err.println("error: unknown command: " + args[0]);
            return Command.USAGE;
        }
        return run(args, out, err);
    }

    /** Runs one command in-process (used by tests and the library). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Command.Io con = new Command.Io(out, err);
        if (args.length == 0) {
            usage(err);
            return Command.USAGE;
        }
        String name = args[0];
        switch (name) {
            case "help", "--help", "-h" -> {
                usage(out);
                return Command.OK;
            }
            case "--version", "-version" -> name = "version";
            default -> { }
        }
        Command cmd = COMMANDS.get(name);
        if (cmd == null) {
            String near = Suggest.closest(name, publicNames(), 2);
            err.println("error: unknown command: " + name + (near != null ? " (did you mean '" + near + "'?)" : ""));
            if (near == null) usage(err);
            else err.println("Run 'tinybpf --help' for the list of commands.");
            return Command.USAGE;
        }
        String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
        String bad = badArgument(rest);
        if (bad != null) {
            err.println("error: " + bad);
            return Command.USAGE;
        }
        CommandLine cl = new CommandLine(cmd.spec());
        cl.setOverwrittenOptionsAllowed(true);
        // '@file' is tinybpf's own syntax for file inputs (test --packet @frame.bin), not an argument file
        cl.setExpandAtFiles(false);
        ParseResult pr;
        try {
            pr = cl.parseArgs(rest);
        } catch (CommandLine.ParameterException e) {
            err.println("error: " + e.getMessage() + didYouMean(e, cmd));
            err.print(cl.getUsageMessage());
            return Command.USAGE;
        }
        if (pr.isUsageHelpRequested()) {
            out.print(cl.getUsageMessage());
            return Command.OK;
        }
        try {
            return cmd.run(pr, con);
        } catch (Command.UsageException e) {
            err.println("error: " + e.getMessage());
            err.print(cl.getUsageMessage());
            return Command.USAGE;
        } catch (BuildException e) {
            err.print(e.format());
            debug(e, err);
            return Command.FAILED;
        } catch (io.tinybpf.config.ProjectConfig.ConfigException e) {
            err.print(e.toBuildException().format());
            return Command.FAILED;
        } catch (java.nio.file.InvalidPathException e) {
            err.println("error: invalid path \"" + printable(e.getInput()) + "\": " + e.getReason());
            return Command.USAGE;
        } catch (Exception e) {
            // Never a stack trace for the user; the message names what went wrong.
            err.println("error: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            debug(e, err);
            return Command.FAILED;
        } catch (StackOverflowError | OutOfMemoryError e) {
            // input the readers should have bounded: still a one-line report, and a bug to fix
            err.println("error: tinybpf ran out of " + (e instanceof StackOverflowError ? "stack" : "memory")
                    + " on this input (a tinybpf bug: please report it; TINYBPF_DEBUG=1 shows where)");
            debug(e, err);
            return Command.FAILED;
        }
    }

    /** The commands users see (hidden ones start with "__"), in the order of the usage text. */
    static List<Command> publicCommands() {
        return COMMANDS.values().stream().filter(c -> !c.name().startsWith("__")).toList();
    }

    private static List<String> publicNames() {
        return publicCommands().stream().map(Command::name).toList();
    }

    /** " (did you mean '--output'?)" for a mistyped flag, else "". */
    private static String didYouMean(CommandLine.ParameterException e, Command cmd) {
        if (!(e instanceof CommandLine.UnmatchedArgumentException u)) return "";
        for (String arg : u.getUnmatched()) {
            if (!arg.startsWith("-")) continue;
            String flag = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            List<String> names = cmd.spec().options().stream().flatMap(o -> java.util.Arrays.stream(o.names())).toList();
            String near = Suggest.closest(flag, names, flag.length() <= 4 ? 1 : 2);
            if (near != null) return " (did you mean '" + near + "'?)";
        }
        return "";
    }

    /** TINYBPF_DEBUG keeps stack traces for developers; users never see one. */
    private static void debug(Throwable e, PrintStream err) {
        if (Env.get("TINYBPF_DEBUG") != null) e.printStackTrace(err);
    }

    /**
     * An argument no file name or value can hold: a NUL (only in-process callers can pass one),
     * or U+FFFD, which is what the JVM makes of bytes that are not valid in the locale's encoding
     * (a non-UTF-8 file name): using it would name a different file.
     */
    static String badArgument(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            boolean nul = a.indexOf('\0') >= 0;
            if (!nul && a.indexOf('\uFFFD') < 0) continue;
            String what;
            if (a.startsWith("--") && a.contains("=")) what = a.substring(0, a.indexOf('='));
            else if (i > 0 && args[i - 1].startsWith("-") && !args[i - 1].contains("=")) what = args[i - 1];
            else what = "argument " + (i + 1);
            return what + ": \"" + printable(a) + "\" " + (nul ? "contains a NUL character" : "is not valid in the locale's character "
                    + "encoding (" + System.getProperty("sun.jnu.encoding") + "), e.g. a non-UTF-8 file name; rename it or run "
                    + "tinybpf with a UTF-8 locale (LC_ALL=C.UTF-8)");
        }
        return null;
    }

    static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) sb.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : c == '\uFFFD' ? "\\ufffd" : String.valueOf(c));
        return sb.toString();
    }

    static void usage(PrintStream s) {
        s.println("tinybpf " + TinyBpf.version() + " — write eBPF programs in Go");
        s.println();
        s.println("Usage:");
        int w = 0;
        for (Command c : COMMANDS.values()) if (!c.name().startsWith("__")) w = Math.max(w, c.synopsis().length());
        for (Command c : COMMANDS.values()) {
            if (c.name().startsWith("__")) continue;
            s.printf("  tinybpf %-" + w + "s   %s%n", c.synopsis(), c.summary());
        }
        s.println();
        s.println("Run 'tinybpf <command> --help' for details on a command.");
    }
}

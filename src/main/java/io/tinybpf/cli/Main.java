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
            return Command.FAILED;
        } catch (Exception e) {
            // Never a stack trace for the user; the message names what went wrong.
            err.println("error: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            if (Env.get("TINYBPF_DEBUG") != null) e.printStackTrace(err);
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

package io.tinybpf.cli;

import java.io.PrintStream;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

/**
 * A subcommand. Options are declared through picocli's programmatic API (no annotation scanning,
 * which costs start-up time), parsed by picocli, and executed here.
 */
abstract class Command {
    /**
     * Exit codes (docs/cli.md lists them per command): success; failure (the build, the load, an
     * attach or the kernel's verdict failed); usage error (bad flags, or a request that does not fit
     * the object); and, for {@code test --expect}, a program that ran but returned something else.
     */
    static final int OK = 0, FAILED = 1, USAGE = 2, UNEXPECTED = 3;

    /** Where a command writes. */
    record Io(PrintStream out, PrintStream err) {}

    /** A usage problem found after parsing (exit 2). */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    /** A request that parsed but does not fit the object (an unknown program or map): one line, exit 2. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    abstract String name();

    /** One line for the top-level usage. */
    abstract String summary();

    /** {@code build [flags] <package>}. */
    abstract String synopsis();

    void define(CommandSpec spec) {}

    abstract int run(ParseResult pr, Io con) throws Exception;

    CommandSpec spec() {
        CommandSpec spec = CommandSpec.create().name("tinybpf " + name());
        spec.usageMessage().customSynopsis("tinybpf " + synopsis()).description(summary());
        spec.mixinStandardHelpOptions(false);
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help and exit.").build());
        define(spec);
        return spec;
    }

    // ------------------------------------------------------------------ declaration helpers

    static void flag(CommandSpec spec, String help, String... names) {
        spec.addOption(OptionSpec.builder(names).type(boolean.class).arity("0..1").description(help).build());
    }

    /** {@code --json}: a machine-readable document (schema in docs/schemas/) instead of text. */
    static void jsonFlag(CommandSpec spec, String what) {
        flag(spec, "Print " + what + " as JSON instead of text (schema: docs/schemas/).", "--json");
    }

    static void value(CommandSpec spec, String label, String help, String... names) {
        spec.addOption(OptionSpec.builder(names).type(String.class).paramLabel(label).description(help).build());
    }

    /** {@code --flag} alone means {@code fallback}; {@code --flag=value} gives a value (an optional option argument). */
    static void optionalValue(CommandSpec spec, String label, String fallback, String help, String... names) {
        spec.addOption(OptionSpec.builder(names).type(String.class).arity("0..1").fallbackValue(fallback).paramLabel(label)
                .description(help).build());
    }

    static void repeated(CommandSpec spec, String label, String help, String... names) {
        spec.addOption(OptionSpec.builder(names).type(String[].class).paramLabel(label).description(help).build());
    }

    static void positionals(CommandSpec spec, String label, String help) {
        spec.addPositional(PositionalParamSpec.builder().type(String[].class).arity("0..*").paramLabel(label).description(help).build());
    }

    // ------------------------------------------------------------------ access helpers

    static String str(ParseResult pr, String name) {
        return pr.hasMatchedOption(name) ? pr.matchedOptionValue(name, (String) null) : null;
    }

    static boolean bool(ParseResult pr, String name) {
        return pr.hasMatchedOption(name) && Boolean.TRUE.equals(pr.matchedOptionValue(name, Boolean.FALSE));
    }

    static List<String> list(ParseResult pr, String name) throws UsageException {
        String[] v = pr.matchedOptionValue(name, new String[0]);
        for (String s : v) if (s.isBlank()) throw new UsageException(name + ": value cannot be empty");
        return List.of(v).stream().map(String::strip).toList();
    }

    static List<String> args(ParseResult pr) {
        List<String> out = new java.util.ArrayList<>();
        for (var p : pr.matchedPositionals()) {
            Object v = p.getValue();
            if (v instanceof String[] a) out.addAll(List.of(a));
        }
        return out;
    }

    /**
     * Reports a failed load: the verifier's complaint at its Go line ({@link io.tinybpf.kernel.KernelVerifier#rejectedAt}) when the log
     * has one (the full log follows for context), else the kernel's error.
     */
    static int loadFailed(Io con, java.nio.file.Path obj, io.tinybpf.kernel.KernelException e) {
        String log = e.verifierLog();
        var where = io.tinybpf.kernel.KernelVerifier.rejectedAt(log);
        con.err().println("error: the kernel did not load " + obj + ": " + e.getMessage().lines().findFirst().orElse(""));
        String reason = e.libbpfCause();
        if (log != null && !log.isBlank()) {
            con.err().println(log.strip());
            if (where != null) con.err().println("rejected at " + where.pos() + ": " + where.text());
            reason = io.tinybpf.kernel.VerifierReport.of("", false, log, false).complaint();
        }
        io.tinybpf.bpf.VerifierHints.hint(reason).ifPresent(h -> con.err().println("hint: " + h.advice()));
        con.err().println("hint: tinybpf verify --kernel " + obj + " shows each program's verdict at its Go line");
        return FAILED;
    }
}

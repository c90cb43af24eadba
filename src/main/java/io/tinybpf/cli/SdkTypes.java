package io.tinybpf.cli;

import io.tinybpf.btf.Btf;
import io.tinybpf.codegen.GenerateException;
import io.tinybpf.codegen.GoIdent;
import io.tinybpf.codegen.KernelTypes;
import io.tinybpf.codegen.TracepointTypes;
import io.tinybpf.util.AtomicFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.ParseResult;

/**
 * {@code tinybpf generate --kernel-types ...} and {@code --tracepoint ...}: Go types for BPF
 * programs written with the SDK, from kernel BTF and tracefs format files (see
 * {@link KernelTypes} and {@link TracepointTypes}).
 */
final class SdkTypes {
    private SdkTypes() {}

    static int generate(Command cmd, ParseResult pr, Command.Io io, List<String> args) throws Exception {
        List<String> kernel = new ArrayList<>();
        for (String v : Command.list(pr, "--kernel-types")) for (String r : v.split(",")) if (!r.isBlank()) kernel.add(r.strip());
        List<String> tps = Command.list(pr, "--tracepoint");
        if (!kernel.isEmpty() && !tps.isEmpty()) throw new Command.UsageException("--kernel-types and --tracepoint write different files: run them one at a time");
        if (!args.isEmpty()) throw new Command.UsageException("--kernel-types and --tracepoint take no object argument");
        if (Command.str(pr, "--lang") != null && !Command.str(pr, "--lang").equals("go")) {
            throw new Command.UsageException("--kernel-types and --tracepoint write Go (for BPF programs written with the Go SDK)");
        }
        if (Command.bool(pr, "--embed") || Command.bool(pr, "--no-embed") || Command.str(pr, "--name") != null
                || Command.str(pr, "--resources") != null) {
            throw new Command.UsageException("--embed, --no-embed, --name and --resources are for bindings, not for --kernel-types or --tracepoint");
        }
        String output = Command.str(pr, "--output");
        boolean stdout = "-".equals(output);
        Path out = stdout ? null : Path.of(output != null ? output : kernel.isEmpty() ? "tracepoint_types.go" : "kernel_types.go");
        if (out != null && !out.getFileName().toString().endsWith(".go")) throw new Command.UsageException("--output must name a .go file: " + out);
        Path outDir = out == null ? Path.of("") : Optional.ofNullable(out.toAbsolutePath().normalize().getParent()).orElse(Path.of("/"));
        String pkg = Command.str(pr, "--package");
        if (pkg == null) pkg = out == null ? "main" : GenerateCommand.detectPackage(outDir, out.toAbsolutePath().normalize());
        if (!GoIdent.isIdentifier(pkg) || pkg.equals("_")) throw new Command.UsageException("--package " + pkg + " is not a valid Go package name");

        String code;
        try {
            if (!kernel.isEmpty()) {
                Path btfFile = Path.of(Optional.ofNullable(Command.str(pr, "--btf")).orElse("/sys/kernel/btf/vmlinux"));
                if (!Files.isReadable(btfFile)) {
                    throw new NoSuchFileException(btfFile + ": no kernel BTF (a kernel built with CONFIG_DEBUG_INFO_BTF has /sys/kernel/btf/vmlinux; "
                            + "or pass --btf <file>)");
                }
                code = KernelTypes.generate(Btf.parse(Files.readAllBytes(btfFile)), kernel, pkg, btfFile.toString());
            } else {
                Path tracefs = Path.of(Optional.ofNullable(Command.str(pr, "--tracefs")).orElse("/sys/kernel/tracing"));
                List<String[]> formats = new ArrayList<>();
                for (String tp : tps) {
                    int slash = tp.indexOf('/');
                    if (slash <= 0 || slash == tp.length() - 1 || tp.indexOf('/', slash + 1) >= 0 || tp.contains("..")) {
                        throw new Command.UsageException("--tracepoint " + tp + ": expected <category>/<name>, e.g. syscalls/sys_enter_connect");
                    }
                    Path f = tracefs.resolve("events").resolve(tp).resolve("format");
                    if (!Files.isReadable(f)) {
                        throw new NoSuchFileException(f + ": no such tracepoint (or tracefs not mounted: scripts/setup kernel, or --tracefs <dir>)");
                    }
                    formats.add(new String[] {tp.substring(slash + 1), Files.readString(f), "events/" + tp + "/format"});
                }
                code = TracepointTypes.generate(formats, pkg);
            }
        } catch (GenerateException e) {
            io.err().println("error: " + e.getMessage());
            return Command.FAILED;
        }
        if (out == null) {
            io.out().print(code);
            return Command.OK;
        }
        Files.createDirectories(outDir);
        AtomicFiles.write(out, code.getBytes(StandardCharsets.UTF_8));
        io.out().println("wrote " + out);
        return Command.OK;
    }
}

package io.tinybpf.scaffold;

import io.tinybpf.codegen.GoIdent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A new Go module with a BPF program and its userspace loader ({@code tinybpf init}):
 *
 * <pre>
 * bpf/&lt;name&gt;.go              the BPF program, written with the SDK (no build tags): exec tracepoint, hash map, ring buffer
 * bpf/&lt;name&gt;_test.go         its host test (go test, bpftest)
 * bpf/tracepoint_types.go     the tracepoint's context struct (as tinybpf generate --tracepoint writes it)
 * tinybpf.json                output build/&lt;name&gt;.bpf.o and the program's section
 * gen.go                      //go:generate: tinybpf build, then tinybpf generate into internal/&lt;pkg&gt;
 * main.go                     package main: loads the generated bindings with cilium/ebpf, attaches, prints events
 * go.mod, go.sum              cilium/ebpf pinned, tinybpf.io/sdk required and replaced by the installed copy
 * README.md, .gitignore
 * </pre>
 *
 * The bindings go to their own package under {@code internal/}, so their package name never
 * collides with the {@code package main} of the loader (the original tool generated them into the
 * module root with the project's name as package, which did not compile).
 */
public final class Scaffold {
    /** The cilium/ebpf version the loader is written and tested against. */
    public static final String CILIUM_EBPF_VERSION = "v0.20.0";
    /** cilium/ebpf's one dependency the generated code reaches, at the version its go.sum pins. */
    public static final String X_SYS_VERSION = "v0.37.0";
    /** cilium/ebpf v0.20 needs Go 1.24. */
    public static final String GO_VERSION = "1.24.0";
    /**
     * sched_process_exec fires once per successful exec; sys_enter_execve also fires for every
     * failed PATH lookup of a shell (the same pid many times).
     */
    public static final String SECTION = "tracepoint/sched/sched_process_exec";

    /** Thrown when nothing was written: bad name, or files that exist. */
    public static final class ScaffoldException extends Exception {
        public ScaffoldException(String message) {
            super(message);
        }
    }

    /**
     * Every name derived from the project name.
     *
     * @param name      as given ({@code my-probe})
     * @param function  the BPF program's Go function and ELF symbol ({@code my_probe})
     * @param goPackage the bindings package under internal/ ({@code myprobe})
     * @param fileStem  base of file names ({@code my-probe}: bpf/my-probe.go, build/my-probe.bpf.o)
     * @param prefix    prefix of the generated identifiers ({@code MyProbe}: LoadMyProbeObjects)
     * @param module    the Go module path
     */
    public record Names(String name, String function, String goPackage, String fileStem, String prefix, String module) {
        /** The Go field of the program in the generated Programs struct. */
        public String programField() {
            return GoIdent.exported(function);
        }

        public String objectPath() {
            return "build/" + fileStem + ".bpf.o";
        }

        public String bindingsDir() {
            return "internal/" + goPackage;
        }

        public String bindingsFile() {
            return bindingsDir() + "/" + fileStem + "_bpf.go";
        }

        public String importPath() {
            return module + "/" + bindingsDir();
        }

        /** The arguments of the {@code tinybpf generate} line in gen.go. */
        public List<String> generateArgs() {
            return List.of("generate", objectPath(), "--embed", "--package", goPackage, "--name", prefix, "--output", bindingsFile());
        }
    }

    /**
     * Identifiers of the BPF template a program function must not take. The function name is
     * snake_case, so only the template's lower-case, underscore-free names can collide.
     */
    static final Set<String> BPF_RESERVED = Set.of("main", "init", "events", "bpf", "bpftest", "testing", "license");

    /** Names main.go imports or declares: the bindings package must not shadow or be shadowed by them. */
    static final Set<String> MAIN_RESERVED = Set.of("main", "bytes", "errors", "flag", "fmt", "log", "os", "signal", "syscall",
            "time", "ebpf", "link", "ringbuf", "rlimit", "count", "timeout", "objs", "tp", "rd", "stop", "ev", "err", "execs", "comm",
            "n", "ve", "embed", "unsafe", "binary", "perf");

    /** Go's predeclared identifiers: a package-level function or import named like one shadows it. */
    static final Set<String> PREDECLARED = Set.of("any", "append", "bool", "byte", "cap", "clear", "close", "comparable",
            "complex", "complex128", "complex64", "copy", "delete", "error", "false", "float32", "float64", "imag", "int",
            "int16", "int32", "int64", "int8", "iota", "len", "make", "max", "min", "new", "nil", "panic", "print", "println",
            "real", "recover", "rune", "string", "true", "uint", "uint16", "uint32", "uint64", "uint8", "uintptr");

    private static final Pattern MODULE_PATH = Pattern.compile("[A-Za-z0-9._~+-]+(/[A-Za-z0-9._~+-]+)*");

    private Scaffold() {}

    /** Derives every name; {@code module} may be null (then it is derived from the name). */
    public static Names names(String name, String module) throws ScaffoldException {
        if (GoIdent.words(name).isEmpty()) throw new ScaffoldException("project name '" + name + "' has no letters or digits");
        String function = GoIdent.snake(name);
        if (BPF_RESERVED.contains(function) || GoIdent.KEYWORDS.contains(function) || PREDECLARED.contains(function)) {
            function = function + "_prog";
        }
        String pkg = GoIdent.packageName(name, "probe");
        if (MAIN_RESERVED.contains(pkg) || PREDECLARED.contains(pkg)) pkg = pkg + "probe";
        String stem = GoIdent.fileStem(name);
        String prefix = GoIdent.exported(name);
        if (module == null) {
            module = stem;
        } else if (!MODULE_PATH.matcher(module).matches() || module.contains("..") || module.startsWith(".")
                || List.of(module.split("/")).stream().anyMatch(e -> e.startsWith(".") || e.endsWith("."))) {
            throw new ScaffoldException("--module " + module + " is not a valid Go module path");
        }
        return new Names(name, function, pkg, stem, prefix, module);
    }

    /**
     * The files of a new project, relative path to contents, in a fixed order.
     *
     * @param sdk the SDK's directory for the replace directive ({@link io.tinybpf.sdk.SdkLocation})
     */
    public static Map<String, String> files(Names n, Path sdk) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("go.mod", goMod(n, sdk));
        f.put("go.sum", goSum());
        f.put("tinybpf.json", config(n));
        f.put("bpf/" + n.fileStem() + ".go", bpfProgram(n));
        f.put("bpf/" + n.fileStem() + "_test.go", bpfTest(n));
        f.put("bpf/tracepoint_types.go", tracepointTypes());
        f.put("gen.go", genGo(n));
        f.put("main.go", mainGo(n));
        f.put("README.md", readme(n));
        f.put(".gitignore", "/build/\n/" + n.fileStem() + "\n");
        return f;
    }

    /**
     * Writes the project into {@code dir} (created when missing). Refuses, writing nothing, when any
     * of the files exists.
     *
     * @return the written files
     */
    public static List<Path> write(Path dir, Names n, Path sdk) throws IOException, ScaffoldException {
        Map<String, String> files = files(n, sdk);
        if (Files.exists(dir) && !Files.isDirectory(dir)) throw new ScaffoldException(dir + " exists and is not a directory");
        List<String> existing = new ArrayList<>();
        for (String rel : files.keySet()) if (Files.exists(dir.resolve(rel), java.nio.file.LinkOption.NOFOLLOW_LINKS)) existing.add(rel);
        // a symbolic link below dir (dir/bpf -> elsewhere) would carry the files out of the project
        for (String rel : files.keySet()) {
            Path cur = dir;
            Path parent = Path.of(rel).getParent();
            for (Path part : parent == null ? List.<Path>of() : iterable(parent)) {
                cur = cur.resolve(part);
                if (Files.isSymbolicLink(cur)) {
                    throw new ScaffoldException(cur + " is a symbolic link; tinybpf init writes only into real directories below "
                            + dir + " (nothing was written)");
                }
            }
        }
        if (!existing.isEmpty()) {
            throw new ScaffoldException("refusing to overwrite existing files in " + dir + ": " + String.join(", ", existing)
                    + " (nothing was written)");
        }
        List<Path> written = new ArrayList<>();
        try {
            for (var e : files.entrySet()) {
                Path p = dir.resolve(e.getKey());
                Files.createDirectories(p.getParent());
                // CREATE_NEW: a file that appeared since the check is still never overwritten
                Files.writeString(p, e.getValue(), StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE_NEW,
                        java.nio.file.StandardOpenOption.WRITE);
                written.add(p);
            }
        } catch (IOException e) {
            for (Path p : written) Files.deleteIfExists(p); // all or nothing
            throw e;
        }
        return written;
    }

    private static List<Path> iterable(Path p) {
        List<Path> out = new ArrayList<>();
        p.forEach(out::add);
        return out;
    }

    // ------------------------------------------------------------------ templates

    /**
     * The checksums of the pinned cilium/ebpf and its module graph (the same file as the
     * compatibility module's src/test/go/ciliumcompat/go.sum; a test keeps them equal), so
     * {@code go generate ./... && go build} works on a fresh project without {@code go mod tidy}.
     */
    static String goSum() {
        return resource("/io/tinybpf/scaffold/go.sum");
    }

    static String resource(String name) {
        try (java.io.InputStream in = Scaffold.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException(name + " missing from the tinybpf jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * go.mod as {@code go mod tidy} writes it for the generated code (so {@code go build} works
     * without a tidy), requiring the SDK and replacing it with the installed copy.
     */
    static String goMod(Names n, Path sdk) {
        return """
                module %s

                go %s

                require (
                	github.com/cilium/ebpf %s
                	%s %s
                )

                require golang.org/x/sys %s // indirect

                // The SDK ships with tinybpf: this is the copy installed with it. Elsewhere, drop this line
                // to fetch %s from its module path, or point it at a checkout (its sdk/ directory).
                replace %s => %s
                """.formatted(n.module(), GO_VERSION, CILIUM_EBPF_VERSION, io.tinybpf.sdk.SdkLocation.MODULE,
                io.tinybpf.sdk.SdkLocation.VERSION, X_SYS_VERSION, io.tinybpf.sdk.SdkLocation.MODULE, io.tinybpf.sdk.SdkLocation.MODULE,
                sdk.toAbsolutePath().normalize());
    }

    static String config(Names n) {
        return """
                {
                  "build": {
                    "output": "%s",
                    "programs": { "%s": "%s" }
                  }
                }
                """.formatted(n.objectPath(), n.function(), SECTION);
    }

    /** The context struct, exactly as tinybpf generate --tracepoint writes it from the kernel's format file. */
    static String tracepointTypes() {
        try {
            return io.tinybpf.codegen.TracepointTypes.generate(List.<String[]>of(new String[] {"sched_process_exec",
                    resource("sched_process_exec.format"), "events/sched/sched_process_exec/format"}), "main");
        } catch (io.tinybpf.codegen.GenerateException e) {
            throw new IllegalStateException(e);
        }
    }

    static String bpfProgram(Names n) {
        return """
                // Package main is the BPF program of %1$s, compiled by tinybpf (TinyGo + LLVM) into
                // %2$s. On every exec it counts the call per user ID in a hash map and sends the new
                // program's PID, the user ID and the command name to userspace through a ring buffer.
                //
                // It is ordinary Go: go vet checks it and go test runs it on the host (%5$s_test.go).
                package main

                import "tinybpf.io/sdk/bpf"

                // events is a ring buffer (256 KiB) of execEvent records; tinybpf generate gives userspace
                // the same struct.
                var events = bpf.RingBuf[execEvent]{MaxEntries: 1 << 18}

                // execsByUID counts execs per user ID.
                var execsByUID = bpf.HashMap[uint32, uint64]{MaxEntries: 1024}

                // execEvent is one ring-buffer record.
                type execEvent struct {
                	PID  uint32
                	UID  uint32
                	Comm [16]byte
                }

                // %3$s is the program: tinybpf.json puts it in section %4$s. Its context
                // is the tracepoint's argument struct (tracepoint_types.go).
                //
                //export %3$s
                func %3$s(ctx *SchedProcessExecArgs) int32 {
                	uid := uint32(bpf.GetCurrentUidGid())
                	if n := execsByUID.Lookup(&uid); n != nil {
                		*n++ // not atomic: concurrent execs of one user may lose a count
                	} else {
                		one := uint64(1)
                		execsByUID.Update(&uid, &one, bpf.NoExist)
                	}
                	ev := execEvent{PID: uint32(ctx.Pid), UID: uid}
                	bpf.CurrentComm(&ev.Comm)
                	events.Output(&ev, 0)
                	return 0
                }

                func main() {}
                """.formatted(n.name(), n.objectPath(), n.function(), SECTION, n.fileStem());
    }

    static String bpfTest(Names n) {
        return """
                package main

                import (
                	"testing"

                	"tinybpf.io/sdk/bpf/bpftest"
                )

                // The program as ordinary Go: in-memory maps, an injected user ID, records collected.
                func TestExecsAreCountedAndReported(t *testing.T) {
                	bpftest.Reset()
                	bpftest.Helpers.GetCurrentUidGid = func() uint64 { return 1000<<32 | 1000 }
                	ctx := &SchedProcessExecArgs{Pid: 4242}
                	for i := 0; i < 2; i++ {
                		if r := bpftest.Run(%1$s, ctx); r != 0 {
                			t.Fatalf("returned %%d", r)
                		}
                	}
                	uid := uint32(1000)
                	if n := execsByUID.Lookup(&uid); n == nil || *n != 2 {
                		t.Errorf("execs of uid 1000: %%v, want 2", n)
                	}
                	evs := bpftest.RingRecords(&events)
                	if len(evs) != 2 || evs[0].PID != 4242 || evs[0].UID != 1000 || evs[0].Comm[0] == 0 {
                		t.Errorf("events: %%+v", evs)
                	}
                }
                """.formatted(n.function());
    }

    static String genGo(Names n) {
        return """
                package main

                // go generate refreshes the tracepoint's context struct from this kernel, builds the BPF
                // program (tinybpf and TinyGo on PATH) and writes its Go bindings for cilium/ebpf into %s,
                // embedding the object. tinybpf init has run the last two once already.

                //go:generate tinybpf generate --tracepoint sched/sched_process_exec --package main -o bpf/tracepoint_types.go
                //go:generate tinybpf build ./bpf
                //go:generate tinybpf %s
                """.formatted(n.bindingsDir(), String.join(" ", n.generateArgs()));
    }

    static String mainGo(Names n) {
        return """
                // Command %1$s loads the BPF program in bpf/, attaches it to the sched/sched_process_exec
                // tracepoint and prints every exec on this machine with the count per user. It needs
                // root (or CAP_BPF and CAP_PERFMON). Build it with go generate ./... and go build (README.md).
                package main

                import (
                	"bytes"
                	"errors"
                	"flag"
                	"fmt"
                	"log"
                	"os"
                	"os/signal"
                	"syscall"
                	"time"

                	"github.com/cilium/ebpf"
                	"github.com/cilium/ebpf/link"
                	"github.com/cilium/ebpf/ringbuf"
                	"github.com/cilium/ebpf/rlimit"

                	"%2$s"
                )

                func main() {
                	count := flag.Int("n", 0, "exit after this many events (0: run until interrupted)")
                	timeout := flag.Duration("timeout", 0, "exit after this long (0: no limit)")
                	flag.Parse()

                	// Kernels before 5.11 account BPF memory to RLIMIT_MEMLOCK.
                	if err := rlimit.RemoveMemlock(); err != nil {
                		log.Fatal(err)
                	}

                	var objs %3$s.%4$sObjects
                	if err := %3$s.Load%4$sObjects(&objs, nil); err != nil {
                		var ve *ebpf.VerifierError
                		if errors.As(err, &ve) {
                			log.Fatalf("the verifier refused the program:\\n%%+v", ve)
                		}
                		log.Fatalf("loading the BPF object: %%v", err)
                	}
                	defer objs.Close()

                	tp, err := link.Tracepoint("sched", "sched_process_exec", objs.%5$s, nil)
                	if err != nil {
                		log.Fatalf("attaching to sched/sched_process_exec: %%v", err)
                	}
                	defer tp.Close()

                	rd, err := ringbuf.NewReader(objs.Events)
                	if err != nil {
                		log.Fatalf("opening the ring buffer: %%v", err)
                	}
                	defer rd.Close()

                	// Closing the reader ends the loop below: on Ctrl-C, SIGTERM or after -timeout.
                	stop := make(chan os.Signal, 1)
                	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
                	go func() {
                		if *timeout > 0 {
                			select {
                			case <-stop:
                			case <-time.After(*timeout):
                			}
                		} else {
                			<-stop
                		}
                		rd.Close()
                	}()

                	fmt.Println("tracing exec; Ctrl-C to stop")
                	for n := 0; *count == 0 || n < *count; n++ {
                		ev, err := %3$s.Read%4$sEvents(rd)
                		if errors.Is(err, ringbuf.ErrClosed) {
                			break
                		}
                		if err != nil {
                			log.Printf("reading an event: %%v", err)
                			continue
                		}
                		var execs uint64
                		if err := objs.ExecsByUID.Lookup(ev.UID, &execs); err != nil {
                			execs = 0
                		}
                		fmt.Printf("pid %%-7d uid %%-6d execs by this uid %%-6d %%s\\n", ev.PID, ev.UID, execs, comm(ev.Comm))
                	}
                }

                // comm is the command name up to its NUL byte.
                func comm(b [16]byte) string {
                	if i := bytes.IndexByte(b[:], 0); i >= 0 {
                		return string(b[:i])
                	}
                	return string(b[:])
                }
                """.formatted(n.name(), n.importPath(), n.goPackage(), n.prefix(), n.programField());
    }

    static String readme(Names n) {
        return """
                # %1$s

                A BPF program written in Go and compiled by tinybpf, with a userspace loader that uses
                [cilium/ebpf](https://github.com/cilium/ebpf). On every exec the program
                (`bpf/%2$s.go`, written with the tinybpf Go SDK) counts the call per user and sends the new
                program's PID, the user ID and the command name through a ring buffer; the loader (`main.go`)
                prints them.

                ## Build and run

                Needs Go %3$s or newer, and `tinybpf` with TinyGo and LLVM (`tinybpf doctor` checks them).

                ```
                go vet ./... && go test ./...   # the BPF program is ordinary Go: vetted, and tested on the host
                go generate ./...               # after changing bpf/: tinybpf build, then tinybpf generate (gen.go)
                go build -o %2$s .
                sudo ./%2$s                      # -n 10: stop after 10 events; -timeout 30s
                ```

                The SDK (`tinybpf.io/sdk`: typed helpers, maps, packet headers, logging, host tests) comes with
                tinybpf; `go.mod` points at the installed copy with a `replace` directive.

                ## Layout

                | path | what |
                |---|---|
                | `bpf/%2$s.go` | the BPF program: function `%4$s`, maps `events` (ring buffer of `execEvent`) and `execsByUID` |
                | `bpf/%2$s_test.go` | its host test (`go test`, package `bpftest`) |
                | `bpf/tracepoint_types.go` | the tracepoint's context struct (`tinybpf generate --tracepoint`) |
                | `tinybpf.json` | output `%5$s`, the program's section `%6$s` |
                | `gen.go` | the `//go:generate` lines |
                | `%7$s/` | generated: Go bindings (`Load%8$sObjects`, `%8$sObjects`, `%8$sExecEvent`, `Read%8$sEvents`) and the embedded object |
                | `main.go` | the loader: load, attach, read events |

                The bindings live in their own package (`%9$s`), never in `package main`. Change the BPF
                program, run `go generate ./...` again, and the Go types follow: the generated file checks
                at compile time that their layout matches the object's BTF.
                """.formatted(n.name(), n.fileStem(), GO_VERSION.replaceAll("\\.0$", ""), n.function(), n.objectPath(), SECTION,
                n.bindingsDir(), n.prefix(), n.importPath());
    }
}

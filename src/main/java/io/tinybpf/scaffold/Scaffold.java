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
 * bpf/&lt;name&gt;.go           the BPF program (//go:build tinygo): execve() tracepoint, typed hash map, ring buffer with an Event type
 * bpf/&lt;name&gt;_stub.go      //go:build !tinygo, so go vet and IDEs load the package
 * tinybpf.json             output build/&lt;name&gt;.bpf.o and the program's section
 * gen.go                   //go:generate: tinybpf build, then tinybpf generate into internal/&lt;pkg&gt;
 * main.go                  package main: loads the generated bindings with cilium/ebpf, attaches, prints events
 * go.mod, README.md, .gitignore
 * </pre>
 *
 * The bindings go to their own package under {@code internal/}, so their package name never
 * collides with the {@code package main} of the loader (the original tool generated them into the
 * module root with the project's name as package, which did not compile).
 */
public final class Scaffold {
    /** The cilium/ebpf version the loader is written and tested against. */
    public static final String CILIUM_EBPF_VERSION = "v0.20.0";
    /** cilium/ebpf v0.20 needs Go 1.24. */
    public static final String GO_VERSION = "1.24.0";
    public static final String SECTION = "tracepoint/syscalls/sys_enter_execve";

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
    static final Set<String> BPF_RESERVED = Set.of("main", "init", "events", "unsafe", "license");

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

    /** The files of a new project, relative path to contents, in a fixed order. */
    public static Map<String, String> files(Names n) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("go.mod", goMod(n));
        f.put("tinybpf.json", config(n));
        f.put("bpf/" + n.fileStem() + ".go", bpfProgram(n));
        f.put("bpf/" + n.fileStem() + "_stub.go", bpfStub(n));
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
    public static List<Path> write(Path dir, Names n) throws IOException, ScaffoldException {
        Map<String, String> files = files(n);
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

    static String goMod(Names n) {
        return "module " + n.module() + "\n\ngo " + GO_VERSION + "\n\nrequire github.com/cilium/ebpf " + CILIUM_EBPF_VERSION + "\n";
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

    static String bpfProgram(Names n) {
        return """
                //go:build tinygo

                // Package main is the BPF program of %1$s, compiled by tinybpf (TinyGo + LLVM) into
                // %2$s. On every execve() it counts the call per user ID in a hash map and sends the
                // caller's PID, user ID and command name to userspace through a ring buffer.
                package main

                import "unsafe"

                const (
                	mapTypeHash    = 1
                	mapTypeRingbuf = 27
                	bpfNoexist     = 1 // BPF_NOEXIST: create, never replace
                )

                // events is a ring buffer (256 KiB). The field types are libbpf's BTF map encoding: the
                // array length of Type is the map type and that of MaxEntries the buffer size. Event names
                // the record type, so `tinybpf generate` gives userspace the same struct.
                var events struct {
                	Type       *[mapTypeRingbuf]int32
                	MaxEntries *[1 << 18]int32
                	Event      *execEvent
                }

                // execsByUID counts execve() calls per user ID.
                var execsByUID struct {
                	Type       *[mapTypeHash]int32
                	MaxEntries *[1024]int32
                	Key        *uint32
                	Value      *uint64
                }

                // execEvent is one ring-buffer record.
                type execEvent struct {
                	PID  uint32
                	UID  uint32
                	Comm [16]byte
                }

                // BPF helpers: body-less functions named after the kernel's bpf_* helpers.
                func bpfGetCurrentPidTgid() uint64
                func bpfGetCurrentUidGid() uint64
                func bpfGetCurrentComm(buf unsafe.Pointer, size uint32) int64
                func bpfMapLookupElem(m unsafe.Pointer, key unsafe.Pointer) unsafe.Pointer
                func bpfMapUpdateElem(m unsafe.Pointer, key unsafe.Pointer, value unsafe.Pointer, flags uint64) int64
                func bpfRingbufOutput(ringbuf unsafe.Pointer, data unsafe.Pointer, size uint64, flags uint64) int64

                // %3$s is the program: tinybpf.json puts it in section %4$s.
                //
                //export %3$s
                func %3$s(ctx unsafe.Pointer) int32 {
                	uid := uint32(bpfGetCurrentUidGid())
                	if n := (*uint64)(bpfMapLookupElem(unsafe.Pointer(&execsByUID), unsafe.Pointer(&uid))); n != nil {
                		*n++ // not atomic: concurrent execs of one user may lose a count
                	} else {
                		one := uint64(1)
                		bpfMapUpdateElem(unsafe.Pointer(&execsByUID), unsafe.Pointer(&uid), unsafe.Pointer(&one), bpfNoexist)
                	}
                	var ev execEvent
                	ev.PID = uint32(bpfGetCurrentPidTgid() >> 32)
                	ev.UID = uid
                	bpfGetCurrentComm(unsafe.Pointer(&ev.Comm), uint32(len(ev.Comm)))
                	bpfRingbufOutput(unsafe.Pointer(&events), unsafe.Pointer(&ev), uint64(unsafe.Sizeof(ev)), 0)
                	return 0
                }

                func main() {}
                """.formatted(n.name(), n.objectPath(), n.function(), SECTION);
    }

    static String bpfStub(Names n) {
        return """
                //go:build !tinygo

                // This file lets the standard Go toolchain (go vet, go build ./..., IDEs) load the package;
                // the BPF program is in %s.go and only TinyGo compiles it.
                package main

                func main() {}
                """.formatted(n.fileStem());
    }

    static String genGo(Names n) {
        return """
                package main

                // go generate builds the BPF program (tinybpf and TinyGo on PATH) and writes its Go
                // bindings for cilium/ebpf into %s, embedding the object.

                //go:generate tinybpf build ./bpf
                //go:generate tinybpf %s
                """.formatted(n.bindingsDir(), String.join(" ", n.generateArgs()));
    }

    static String mainGo(Names n) {
        return """
                // Command %1$s loads the BPF program in bpf/, attaches it to the syscalls/sys_enter_execve
                // tracepoint and prints every execve() on this machine with the count per user. It needs
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

                	tp, err := link.Tracepoint("syscalls", "sys_enter_execve", objs.%5$s, nil)
                	if err != nil {
                		log.Fatalf("attaching to syscalls/sys_enter_execve: %%v", err)
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

                	fmt.Println("tracing execve(); Ctrl-C to stop")
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
                [cilium/ebpf](https://github.com/cilium/ebpf). On every `execve()`
                the program (`bpf/%2$s.go`) counts the call per user and sends the caller's PID, user ID and
                command name through a ring buffer; the loader (`main.go`) prints them.

                ## Build and run

                Needs Go %3$s or newer, and `tinybpf` with TinyGo and LLVM (`tinybpf doctor` checks them).

                ```
                go generate ./...   # tinybpf build ./bpf, then tinybpf generate (see gen.go)
                go mod tidy         # fetches cilium/ebpf and writes go.sum
                go build -o %2$s .
                sudo ./%2$s          # -n 10: stop after 10 events; -timeout 30s
                ```

                ## Layout

                | path | what |
                |---|---|
                | `bpf/%2$s.go` | the BPF program (`//go:build tinygo`): function `%4$s`, maps `events` (ring buffer of `execEvent`) and `execsByUID` |
                | `bpf/%2$s_stub.go` | `//go:build !tinygo`, so `go vet` and editors load the package |
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

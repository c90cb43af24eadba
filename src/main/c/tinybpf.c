/*
 * tinybpf: the command users run. A small native client in front of the Java implementation.
 *
 * Why a client: a JVM costs ~45 ms to start on the development machine and runs a build's Java
 * code cold, so every build paid hundreds of milliseconds before doing any work. This client
 * forwards the command to a resident build server (io.tinybpf.server.BuildServer) that keeps
 * the code JIT-compiled between builds, starting it when none is running, and prints what
 * comes back. `tinybpf version` is answered here from the line recorded at packaging.
 *
 * Layout (an install prefix or target/image): bin/tinybpf (this), lib/tinybpf/{tinybpf.jar,
 * tinybpf.jar.id, version, tinybpf.aot, lib/, runtime/} where runtime/ is a jlink image, so no
 * JDK is needed on PATH.
 *
 * Runs without the server (execs the JVM directly) when TINYBPF_SERVER=0, for `run` (long-lived,
 * attaches programs and waits for signals: it belongs to the terminal's process), when the code
 * digest is unknown, or when no private socket directory can be had.
 *
 * Root safety: the socket directory is $XDG_RUNTIME_DIR/tinybpf or /tmp/tinybpf-<uid>, created
 * 0700 and accepted only if, checked without following links, it is a directory owned by our
 * effective uid with no group/other access; the server checks the same and its peer's uid. The
 * socket's name carries the code digest, so a client never talks to a server of another build.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static char libdir[PATH_MAX];

/* JVM flags. Direct runs are short: C1 only. The server is long-lived: full tiered compilation;
 * heap free ratios make it hand memory back after a build. Both: SerialGC (small footprint), the
 * deep stack the IR code needs, native access for the FFM kernel bindings. */
/* Memory (measured in docs/performance.md): a fixed 16 MiB young generation (a default-sized one
 * is touched, so resident, in full before its first collection) and tight free ratios keep the
 * heap near the live set; NIO must not cache a thread's multi-megabyte temporary buffers; freed
 * malloc memory goes back to the OS. */
static const char *common_flags[] = {"-XX:+UseSerialGC", "-Xss8m", "--enable-native-access=ALL-UNNAMED",
                                     "-XX:-UsePerfData", "-Xlog:aot=off", "-Xlog:cds=off", "-Xms24m", "-Xmn16m",
                                     "-XX:MinHeapFreeRatio=5", "-XX:MaxHeapFreeRatio=10",
                                     "-Djdk.nio.maxCachedBufferSize=262144", NULL};
static const char *direct_flags[] = {"-XX:TieredStopAtLevel=1", NULL};
/* The server's C2 compiles of the passes' outer loops took 20-36 MiB of compiler arena each, at
 * the heap's peak; capped at 12 MiB, those few stay C1-compiled (no measurable throughput loss). */
static const char *server_flags[] = {"-XX:TrimNativeHeapInterval=1000", "-XX:CompileCommand=quiet",
                                     "-XX:CompileCommand=MemLimit,*.*,12M", NULL};

static void die(const char *msg) {
    fprintf(stderr, "tinybpf: %s\n", msg);
    exit(2);
}

static int read_small_file(const char *path, char *buf, size_t size) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    ssize_t n = read(fd, buf, size - 1);
    close(fd);
    if (n < 0) return -1;
    buf[n] = 0;
    return (int)n;
}

static void path_join(char *out, const char *a, const char *b) {
    if (snprintf(out, PATH_MAX, "%s/%s", a, b) >= PATH_MAX) die("path too long");
}

/* The digest recorded beside the jar at packaging, if it still describes the jar. */
static int code_digest(char *digest /* 17 bytes */) {
    char jar[PATH_MAX], idf[PATH_MAX], buf[256];
    path_join(jar, libdir, "tinybpf.jar");
    path_join(idf, libdir, "tinybpf.jar.id");
    if (read_small_file(idf, buf, sizeof buf) <= 0) return -1;
    char d[64];
    long long size, mtime;
    if (sscanf(buf, "%63s %lld %lld", d, &size, &mtime) != 3 || strlen(d) != 16) return -1;
    struct stat st;
    if (stat(jar, &st) != 0 || st.st_size != size || st.st_mtime != mtime) return -1;
    memcpy(digest, d, 17);
    return 0;
}

/*
 * Java decodes file names with the locale's charset; in the C/POSIX locale (cron, CI, sudo) every
 * non-ASCII name would be unusable. Linux file names are UTF-8 in practice: the JVM (and so the
 * build server) runs in a UTF-8 locale unless the user's already is one.
 */
static void utf8_locale(void) {
    const char *v = getenv("LC_ALL");
    if (v == NULL || *v == 0) v = getenv("LC_CTYPE");
    if (v == NULL || *v == 0) v = getenv("LANG");
    if (v != NULL && (strstr(v, "UTF-8") || strstr(v, "utf-8") || strstr(v, "UTF8") || strstr(v, "utf8"))) return;
    setenv("LC_ALL", "C.UTF-8", 1);
}

static void exec_java(int server, char **args, int nargs) {
    utf8_locale();
    char java[PATH_MAX], jar[PATH_MAX], aot[PATH_MAX], aotflag[PATH_MAX + 16];
    path_join(java, libdir, "runtime/bin/java");
    const char *jvm = getenv("TINYBPF_JAVA");
    if (jvm == NULL || *jvm == 0) jvm = java;
    path_join(jar, libdir, "tinybpf.jar");
    path_join(aot, libdir, "tinybpf.aot");
    const char **argv = calloc((size_t)nargs + 24, sizeof(char *));
    if (argv == NULL) die("out of memory");
    int n = 0;
    argv[n++] = jvm;
    for (const char **f = common_flags; *f; f++) argv[n++] = *f;
    for (const char **f = server ? server_flags : direct_flags; *f; f++) argv[n++] = *f;
    if (access(aot, R_OK) == 0) {
        snprintf(aotflag, sizeof aotflag, "-XX:AOTCache=%s", aot);
        argv[n++] = aotflag;
    }
    argv[n++] = "-jar";
    argv[n++] = jar;
    for (int i = 0; i < nargs; i++) argv[n++] = args[i];
    argv[n] = NULL;
    execv(jvm, (char *const *)argv);
    fprintf(stderr, "tinybpf: cannot run %s: %s\n", jvm, strerror(errno));
    exit(2);
}

/* A directory only we can use: created 0700 if missing, then checked without following links. */
static int private_dir(const char *dir) {
    if (mkdir(dir, 0700) != 0 && errno != EEXIST) return -1;
    struct stat st;
    if (lstat(dir, &st) != 0) return -1;
    if (!S_ISDIR(st.st_mode) || st.st_uid != geteuid() || (st.st_mode & 077) != 0) {
        fprintf(stderr, "tinybpf: %s is not a private directory of uid %u; not using the build server\n", dir,
                (unsigned)geteuid());
        return -1;
    }
    return 0;
}

static int socket_dir(char *out) {
    const char *xdg = getenv("XDG_RUNTIME_DIR");
    struct stat st;
    if (xdg && xdg[0] == '/' && lstat(xdg, &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == geteuid() &&
        (st.st_mode & 077) == 0) {
        path_join(out, xdg, "tinybpf");
    } else {
        if (snprintf(out, PATH_MAX, "/tmp/tinybpf-%u", (unsigned)geteuid()) >= PATH_MAX) return -1;
    }
    return private_dir(out);
}

static int try_connect(const char *sock) {
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    if (strlen(sock) >= sizeof a.sun_path) return -1;
    strcpy(a.sun_path, sock);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Starts the server in its own session, output to a log beside the socket. */
static pid_t spawn_server(const char *sock, const char *log) {
    pid_t pid = fork();
    if (pid != 0) return pid;
    setsid();
    int null = open("/dev/null", O_RDONLY);
    int lf = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (null >= 0) dup2(null, 0);
    if (lf >= 0) {
        dup2(lf, 1);
        dup2(lf, 2);
    }
    if (chdir("/") != 0) _exit(1);
    /* glibc raises its mmap threshold each time a large block is freed, so later multi-megabyte
     * blocks (NIO's temporary buffers, C2's arrays) stay in the malloc heap after they are freed;
     * a fixed threshold returns them to the OS at once; fewer arenas fragment less. Only the
     * JVM's: tools get the request's environment. */
    setenv("MALLOC_MMAP_THRESHOLD_", "131072", 0);
    setenv("MALLOC_ARENA_MAX", "2", 0);
    char *args[] = {"__server", (char *)sock};
    exec_java(1, args, 2);
    _exit(1);
}

static int connect_or_start(const char *dir, const char *digest) {
    char sock[PATH_MAX], lock[PATH_MAX], log[PATH_MAX], name[64];
    snprintf(name, sizeof name, "server-%s.sock", digest);
    path_join(sock, dir, name);
    int fd = try_connect(sock);
    if (fd >= 0) return fd;
    snprintf(name, sizeof name, "server-%s.lock", digest);
    path_join(lock, dir, name);
    snprintf(name, sizeof name, "server-%s.log", digest);
    path_join(log, dir, name);
    int lk = open(lock, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (lk < 0 || flock(lk, LOCK_EX) != 0) return -1;
    fd = try_connect(sock); /* another client may have started it while we waited */
    if (fd < 0) {
        unlink(sock);
        pid_t pid = spawn_server(sock, log);
        if (pid < 0) return -1;
        struct timespec pause = {0, 2 * 1000 * 1000};
        for (int i = 0; i < 15000 && fd < 0; i++) { /* up to ~30 s on a loaded machine */
            int status;
            if (waitpid(pid, &status, WNOHANG) == pid) {
                fprintf(stderr, "tinybpf: the build server did not start (see %s); running without it\n", log);
                break;
            }
            nanosleep(&pause, NULL);
            fd = try_connect(sock);
        }
    }
    close(lk);
    return fd;
}

static int write_all(int fd, const void *p, size_t n) {
    const char *c = p;
    while (n > 0) {
        ssize_t w = write(fd, c, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        c += w;
        n -= (size_t)w;
    }
    return 0;
}

static int read_all(int fd, void *p, size_t n) {
    char *c = p;
    while (n > 0) {
        ssize_t r = read(fd, c, n);
        if (r == 0) return -1;
        if (r < 0) return -1; /* EINTR included: a signal means stop */
        c += r;
        n -= (size_t)r;
    }
    return 0;
}

/* Request: "TBP1", args, environment, cwd (counts and lengths big-endian u32). */
static char *req;
static size_t req_len, req_cap;

static void put(const void *p, size_t n) {
    if (req_len + n > req_cap) {
        req_cap = (req_len + n) * 2 + 4096;
        req = realloc(req, req_cap);
        if (req == NULL) die("out of memory");
    }
    memcpy(req + req_len, p, n);
    req_len += n;
}

static void put_u32(uint32_t v) {
    uint32_t be = htonl(v);
    put(&be, 4);
}

static void put_str(const char *s) {
    size_t n = strlen(s);
    put_u32((uint32_t)n);
    put(s, n);
}

static volatile sig_atomic_t signalled;

static void on_signal(int sig) {
    signalled = sig;
}

/* The exit status, or RETRY when the server went away before it started the command (it was
 * shutting down as we connected): then it is safe to run the command again on a new server. */
#define RETRY (-2)

static int build_request(int argc, char **argv) {
    char cwd[PATH_MAX];
    if (getcwd(cwd, sizeof cwd) == NULL) return -1;
    put("TBP1", 4);
    put_u32((uint32_t)(argc - 1));
    for (int i = 1; i < argc; i++) put_str(argv[i]);
    int envc = 0;
    for (char **e = environ; *e; e++) envc++;
    put_u32((uint32_t)envc);
    for (char **e = environ; *e; e++) put_str(*e);
    put_str(cwd);
    return 0;
}

static int run_remote(int fd) {
    signal(SIGPIPE, SIG_IGN);
    if (write_all(fd, req, req_len) != 0) {
        close(fd);
        return RETRY;
    }

    /* Ctrl-C: close the connection, which makes the server interrupt the build and its tools */
    struct sigaction sa = {.sa_handler = on_signal};
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);

    static char buf[65536];
    int started = 0;
    for (;;) {
        unsigned char hdr[5];
        if (read_all(fd, hdr, 5) != 0) break;
        uint32_t len;
        memcpy(&len, hdr + 1, 4);
        len = ntohl(len);
        if (hdr[0] == 3) {
            uint32_t code;
            if (len != 4 || read_all(fd, &code, 4) != 0) break;
            close(fd);
            return (int)ntohl(code);
        }
        if (hdr[0] == 4) { /* the server has the request and runs it */
            started = 1;
            continue;
        }
        int out = hdr[0] == 1 ? 1 : 2;
        while (len > 0) {
            size_t chunk = len < sizeof buf ? len : sizeof buf;
            if (read_all(fd, buf, chunk) != 0) goto gone;
            if (write_all(out, buf, chunk) != 0 && out == 1) {
                close(fd); /* stdout closed (e.g. piped into head): stop like any program would */
                return 141;
            }
            len -= (uint32_t)chunk;
        }
    }
gone:
    close(fd);
    if (signalled) return 128 + signalled;
    if (!started) return RETRY;
    fprintf(stderr, "tinybpf: the build server closed the connection\n");
    return 1;
}

int main(int argc, char **argv) {
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0) die("cannot find my own path (/proc/self/exe)");
    self[n] = 0;
    char *slash = strrchr(self, '/');
    if (slash == NULL) die("odd executable path");
    *slash = 0; /* .../bin */
    slash = strrchr(self, '/');
    if (slash == NULL) die("odd executable path");
    *slash = 0; /* the prefix */
    path_join(libdir, self, "lib/tinybpf");

    const char *cmd = argc > 1 ? argv[1] : "";
    char digest[17];
    int have_digest = code_digest(digest) == 0;

    if (argc == 2 && (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) && have_digest) {
        char vf[PATH_MAX], line[512];
        path_join(vf, libdir, "version");
        if (read_small_file(vf, line, sizeof line) > 0) {
            fputs(line, stdout);
            return 0;
        }
    }
    const char *mode = getenv("TINYBPF_SERVER");
    int direct = !have_digest || argc < 2 || strcmp(cmd, "run") == 0 || strncmp(cmd, "__", 2) == 0 ||
                 (mode && (strcmp(mode, "0") == 0 || strcmp(mode, "off") == 0 || strcmp(mode, "false") == 0));
    if (!direct) {
        char dir[PATH_MAX];
        if (socket_dir(dir) == 0) {
            if (build_request(argc, argv) == 0) {
                for (int attempt = 0; attempt < 3; attempt++) {
                    int fd = connect_or_start(dir, digest);
                    if (fd < 0) break;
                    int rc = run_remote(fd);
                    if (rc != RETRY) return rc;
                }
            }
        }
    }
    exec_java(0, argv + 1, argc - 1);
    return 2;
}

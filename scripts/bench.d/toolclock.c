/*
 * Benchmark helper (scripts/bench): stands in for one tool (tinygo, opt, llc, llvm-link) so the
 * benchmark can tell a tool's own time from the time of the program that runs it. Compiled once
 * per tool with -DREAL="/path/to/tool" -DLOG="/path/to/log"; runs the real tool (exec, so the
 * tool sees its own path) and appends "<name> <wall ns> <maxrss KiB> <user us> <sys us>" to LOG.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
    (void)argc;
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    pid_t pid = fork();
    if (pid == 0) {
        argv[0] = REAL;
        execv(REAL, argv);
        _exit(127);
    }
    int status = 0;
    struct rusage ru;
    if (pid < 0 || wait4(pid, &status, 0, &ru) < 0) return 127;
    clock_gettime(CLOCK_MONOTONIC, &b);
    long long ns = (b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec);
    int fd = open(LOG, O_WRONLY | O_APPEND | O_CREAT, 0600);
    if (fd >= 0) {
        char line[256];
        const char *name = strrchr(REAL, '/');
        int n = snprintf(line, sizeof line, "%s %lld %ld %ld %ld\n", name ? name + 1 : REAL, ns, ru.ru_maxrss,
                         ru.ru_utime.tv_sec * 1000000L + ru.ru_utime.tv_usec, ru.ru_stime.tv_sec * 1000000L + ru.ru_stime.tv_usec);
        if (write(fd, line, (size_t)n) < 0) { /* nothing to do */ }
        close(fd);
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// Test helper process.
//   helper probe N          calls tinybpf_probe_me(i) for i in 0..N-1, prints the sum
//   helper connect PORT     connects a TCP socket to 127.0.0.1:PORT; exit 0, or errno on failure
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

__attribute__((noinline)) int tinybpf_probe_me(int x)
{
    __asm__ volatile("" ::: "memory");
    return x * 2;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "probe") == 0) {
        int n = atoi(argv[2]);
        long sum = 0;
        for (int i = 0; i < n; i++)
            sum += tinybpf_probe_me(i);
        printf("%ld\n", sum);
        return 0;
    }
    if (argc == 3 && strcmp(argv[1], "connect") == 0) {
        int s = socket(AF_INET, SOCK_STREAM, 0);
        if (s < 0)
            return 100;
        struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(atoi(argv[2]))};
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (connect(s, (struct sockaddr *)&a, sizeof(a)) != 0) {
            int e = errno;
            fprintf(stderr, "connect: %s\n", strerror(e));
            return e;
        }
        close(s);
        return 0;
    }
    fprintf(stderr, "usage: helper probe N | helper connect PORT\n");
    return 2;
}

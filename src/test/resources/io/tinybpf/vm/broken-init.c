// Stand-ins for the VM agent that misbehave, to test that a VM never hangs the host:
//   exits      /init exits at once: the kernel panics ("Attempted to kill init!")
//   silent     /init never says it is ready: the boot times out
//   mute       /init says it is ready, then never answers a request: the request times out
#include <fcntl.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

int main(void)
{
    const char *mode = MODE;
    if (strcmp(mode, "exits") == 0) return 3;
    if (strcmp(mode, "mute") == 0) {
        mkdir("/dev", 0755);
        mount("devtmpfs", "/dev", "devtmpfs", 0, 0);
        int fd = open("/dev/ttyS1", O_RDWR | O_NOCTTY);
        struct termios t;
        tcgetattr(fd, &t);
        cfmakeraw(&t);
        tcsetattr(fd, TCSANOW, &t);
        const char *ready = "{\"ok\":true,\"ready\":true,\"protocol\":1,\"release\":\"mute\",\"cpus\":1}\n";
        write(fd, ready, strlen(ready));
    }
    for (;;) pause();
}

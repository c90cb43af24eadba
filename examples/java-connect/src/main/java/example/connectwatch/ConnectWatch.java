package example.connectwatch;

import io.tinybpf.kernel.BpfLink;
import io.tinybpf.kernel.RingBufferReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Prints every connect() on the machine, as the Go program in examples/tracepoint-connect sees it:
 * loads the object through the generated {@link ConnectBpf} bindings, attaches the tracepoint and
 * reads the ring buffer's records as {@link ConnectBpf.ConnectEvent}.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -jar target/connect-watch.jar [--count N] [--seconds S] [--object path/to/connect.bpf.o]
 * </pre>
 */
public final class ConnectWatch {
    private ConnectWatch() {}

    public static void main(String[] args) throws Exception {
        int count = 0;
        long seconds = 0;
        Path object = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--count" -> count = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Long.parseLong(args[++i]);
                case "--object" -> object = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: connect-watch [--count N] [--seconds S] [--object connect.bpf.o]");
                    System.exit(2);
                }
            }
        }
        // the object embedded as a class-path resource, or one given on the command line
        try (ConnectBpf bpf = (object == null ? ConnectBpf.open() : ConnectBpf.open(object)).load();
             BpfLink _ = bpf.handleConnect().attachTracepoint("syscalls", "sys_enter_connect")) {
            AtomicInteger seen = new AtomicInteger();
            try (RingBufferReader events = bpf.readEvents(ev -> {
                System.out.printf("pid=%d port=%d family=%d addr=%s comm=%s%n", Integer.toUnsignedLong(ev.pid()),
                        Short.toUnsignedInt(ev.port()), ev.family(), address(ev.addr()), text(ev.comm()));
                System.out.flush();
                seen.incrementAndGet();
            })) {
                System.out.println("attached handle_connect to syscalls/sys_enter_connect; waiting for connect() calls");
                System.out.flush();
                long deadline = seconds > 0 ? System.nanoTime() + Duration.ofSeconds(seconds).toNanos() : Long.MAX_VALUE;
                while ((count == 0 || seen.get() < count) && System.nanoTime() < deadline) events.poll(Duration.ofMillis(100));
            }
        }
    }

    static String address(byte[] a) {
        return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff);
    }

    static String text(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) n++;
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }
}

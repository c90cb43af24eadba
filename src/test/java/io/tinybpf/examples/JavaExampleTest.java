package io.tinybpf.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.cli.Main;
import io.tinybpf.testing.Examples;
import io.tinybpf.testing.JavaTool;
import io.tinybpf.testing.Requires;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/java-connect: a Java program that loads the Go-written tracepoint-connect object through
 * its generated Java bindings, attaches it and prints the connect() events it reads.
 */
@Tag("tinygo")
@Tag("llvm")
class JavaExampleTest {
    static final Path EXAMPLE = Examples.examplesDir().resolve("java-connect");
    static final Path BINDINGS = EXAMPLE.resolve("src/main/java/example/connectwatch/ConnectBpf.java");

    /** The object under the name the bindings were generated for (connect.bpf.o, as tinybpf.json names it). */
    static Path object(Path dir) throws Exception {
        return Files.copy(Examples.build("tracepoint-connect").object(), dir.resolve("connect.bpf.o"));
    }

    static void cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream p = new PrintStream(out, true, StandardCharsets.UTF_8);
        assertEquals(0, Main.run(args, p, p), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theCommittedBindingsAreWhatTheGeneratorWrites(@TempDir Path tmp) throws Exception {
        Path obj = object(tmp);
        cli("generate", "--lang", "java", "--package", "example.connectwatch", "-o", tmp.resolve("src").toString(), obj.toString());
        assertEquals(Files.readString(tmp.resolve("src/example/connectwatch/ConnectBpf.java")), Files.readString(BINDINGS),
                "regenerate " + EXAMPLE.relativize(BINDINGS) + " as its README says");
    }

    @Test
    @Tag("kernel")
    void printsTheConnectEventsItReads(@TempDir Path tmp) throws Exception {
        Path obj = object(tmp);
        Requires.tracefs();
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        JavaTool.compile(EXAMPLE.resolve("src/main/java"), classes);
        // what `tinybpf generate --resources` and the jar provide: the object beside the class
        cli("generate", "--lang", "java", "--package", "example.connectwatch", "-o", tmp.resolve("unused").toString(),
                "--resources", classes.toString(), obj.toString());
        assertTrue(Files.exists(classes.resolve("example/connectwatch/connect.bpf.o")));

        Process p = JavaTool.start(List.of(classes), "example.connectwatch.ConnectWatch", "--seconds", "60");
        List<String> lines = new ArrayList<>();
        try (ServerSocketChannel srv = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
             BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            int port = ((InetSocketAddress) srv.getLocalAddress()).getPort();
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("attached")) lines.add(line);
            assertTrue(line != null, "the program attached:\n" + String.join("\n", lines));
            Process connect = new ProcessBuilder("bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/" + port).start();
            assertTrue(connect.waitFor(10, TimeUnit.SECONDS));
            String mine = null;
            while (mine == null && (line = out.readLine()) != null) {
                lines.add(line);
                if (line.contains(" port=" + port + " ")) mine = line;
            }
            assertTrue(mine != null, "an event of our connect():\n" + String.join("\n", lines));
            assertTrue(mine.matches("pid=\\d+ port=" + port + " family=2 addr=127\\.0\\.0\\.1 comm=bash"), mine);
        } finally {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }
}

package io.tinybpf.cli;

import java.nio.charset.StandardCharsets;

/**
 * The parsers of {@code tinybpf test}'s inputs and of durations. The first byte picks one:
 * {@code --packet}/{@code --ctx} specs, {@code --set map:key=value}, {@code --expect} (for a
 * program kind from the second byte), {@code --timeout}. Each accepts or refuses with its own
 * usage error (exit 2); nothing else may escape.
 */
public final class TestInputsFuzz {
    private TestInputsFuzz() {}

    private static final io.tinybpf.bpf.ProgramKind[] KINDS = io.tinybpf.bpf.ProgramKind.values();

    public static void fuzzerTestOneInput(byte[] data) {
        if (data.length < 2) return;
        String s = new String(data, 2, data.length - 2, StandardCharsets.UTF_8);
        if (s.strip().startsWith("@")) return; // a file name: reading files is not this target's business
        try {
            switch ((data[0] & 0xff) % 5) {
                case 0 -> TestCommand.input(s, true);
                case 1 -> TestCommand.input(s, false);
                case 2 -> TestCommand.Update.parse(s);
                case 3 -> TestCommand.expected(s, (data[1] & 0xff) == 0xff ? java.util.Optional.empty()
                        : java.util.Optional.of(KINDS[(data[1] & 0xff) % KINDS.length]));
                default -> io.tinybpf.util.Durations.parse(s);
            }
        } catch (Command.Refused | Command.UsageException e) {
            // refused with a message
        } catch (IllegalArgumentException e) {
            if ((data[0] & 0xff) % 5 != 4) throw e; // Durations' documented refusal
        }
    }
}

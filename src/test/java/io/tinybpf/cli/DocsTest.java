package io.tinybpf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.testing.Requires;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The man page and the shell completions come from the command definitions: every command and
 * every flag appears, and the completion scripts load and answer in the shells that have them
 * (bash is required; zsh and fish are checked when installed).
 */
class DocsTest {
    @TempDir
    Path tmp;

    private Path share() {
        CliRunner r = CliRunner.run("__docs", tmp.resolve("share").toString());
        assertEquals(0, r.exit(), r.err());
        return tmp.resolve("share");
    }

    @Test
    void manPageListsEveryCommandAndFlag() throws Exception {
        String man = Files.readString(share().resolve("man/man1/tinybpf.1"));
        assertTrue(man.startsWith(".TH TINYBPF 1 "), man.substring(0, 40));
        for (Command c : Main.publicCommands()) {
            assertTrue(man.contains(".SS \"" + DocsCommand.roff("tinybpf " + c.name())), "command " + c.name());
            for (var o : c.spec().options()) {
                if (o.usageHelp()) continue;
                assertTrue(man.contains(DocsCommand.roff(o.longestName())), c.name() + " " + o.longestName());
            }
        }
        assertTrue(!man.contains("__server") && !man.contains("__train"), "internal commands stay out of the page");
        if (Requires.onPath("man").isPresent()) {
            String text = sh("MANWIDTH=100 man -l " + share().resolve("man/man1/tinybpf.1") + " 2>&1");
            assertTrue(text.contains("--opt-profile"), text.length() > 400 ? text.substring(0, 400) : text);
        }
    }

    @Test
    void bashCompletionCompletesCommandsFlagsAndValues() throws Exception {
        Path bash = share().resolve("bash-completion/completions/tinybpf");
        assertEquals("build", complete(bash, "tinybpf bu"));
        assertEquals("--opt-profile", complete(bash, "tinybpf build --opt-p"));
        assertEquals("v1 v2 v3 v4", complete(bash, "tinybpf link --cpu "));
        assertEquals("--expect", complete(bash, "tinybpf test --exp"));
    }

    @Test
    void zshAndFishScriptsParse() throws Exception {
        Path s = share();
        if (Requires.onPath("zsh").isPresent()) {
            assertEquals("", sh("zsh -n " + s.resolve("zsh/site-functions/_tinybpf") + " 2>&1"));
        }
        if (Requires.onPath("fish").isPresent()) {
            assertEquals("", sh("fish --no-execute " + s.resolve("fish/vendor_completions.d/tinybpf.fish") + " 2>&1"));
        }
        String fish = Files.readString(s.resolve("fish/vendor_completions.d/tinybpf.fish"));
        assertTrue(fish.contains("-l opt-profile -r -f -a 'conservative default aggressive verifier-safe'"), fish);
    }

    /** What bash completes for {@code line} (the last word being completed). */
    private static String complete(Path script, String line) throws Exception {
        String[] words = line.split(" ", -1);
        StringBuilder arr = new StringBuilder();
        for (String w : words) arr.append(" '").append(w).append("'");
        return sh(". " + script + "; COMP_WORDS=(" + arr + "); COMP_CWORD=" + (words.length - 1)
                + "; _tinybpf; echo \"${COMPREPLY[*]}\"").strip();
    }

    private static String sh(String script) throws Exception {
        Process p = new ProcessBuilder(List.of("bash", "-c", script)).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return out;
    }
}

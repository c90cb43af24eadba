package io.tinybpf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.testing.Examples;
import io.tinybpf.testing.JsonSchema;
import io.tinybpf.testing.Requires;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verify --kernel --profile} on the loop-hash example, through the real verifier: the loop's
 * lines are the costliest, the shares add up to 100 %, the counts add up to the verifier's
 * "processed N insns"; the HTML page, rendered by headless Chromium, shows shaded lines.
 */
@Tag("tinygo")
@Tag("kernel")
class ProfileTest {
    private static final Pattern ROW = Pattern.compile("^\\s+(\\d+)\\.(\\d) %\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)(?:\\s+(.*))?$");

    /** Line numbers of the loop body in the example's source, found by their text. */
    static List<Integer> loopLines(Path src) throws Exception {
        List<String> lines = Files.readAllLines(src);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String t = lines.get(i).strip();
            if (t.equals("h ^= uint32(buf[i])") || t.equals("h *= fnvPrime")) out.add(i + 1);
        }
        assertEquals(2, out.size(), "the loop body of " + src);
        return out;
    }

    @Test
    void theLoopsLinesAreTheCostliestAndTheSharesAddUp() throws Exception {
        var ex = Examples.build("loop-hash");
        Requires.kernel();
        CliRunner r = CliRunner.run("verify", "--kernel", "--profile", ex.object().toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        Matcher processed = Pattern.compile("hash_input\\s+accepted: processed (\\d+) insns").matcher(r.out());
        assertTrue(processed.find(), r.out());
        long verifierInsns = Long.parseLong(processed.group(1));
        assertTrue(r.out().contains("verifier profile of hash_input: " + verifierInsns + " instructions processed"), r.out());

        int permille = 0;
        long insns = 0;
        List<String> where = new ArrayList<>();
        for (String line : r.out().substring(r.out().indexOf("verifier profile of")).split("\n")) {
            Matcher m = ROW.matcher(line);
            if (!m.matches()) continue;
            permille += Integer.parseInt(m.group(1)) * 10 + Integer.parseInt(m.group(2));
            insns += Long.parseLong(m.group(3));
            where.add(m.group(5));
        }
        assertEquals(1000, permille, "the printed shares add up to 100.0 %:\n" + r.out());
        assertEquals(verifierInsns, insns, "every processed instruction is charged to a line");
        List<Integer> loop = loopLines(ex.dir().resolve("hash.go"));
        assertEquals(List.of("hash.go:" + loop.get(0), "hash.go:" + loop.get(1)).stream().sorted().toList(),
                where.subList(0, 2).stream().sorted().toList(), "the loop body is costliest:\n" + r.out());
        assertTrue(r.out().contains("  h *= fnvPrime"), "the source text is printed:\n" + r.out());
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonCarriesTheProfilePerProgram() throws Exception {
        var ex = Examples.build("loop-hash");
        Requires.kernel();
        CliRunner r = CliRunner.run("verify", "--profile", "--json", ex.object().toString());
        assertEquals(0, r.exit(), r.err());
        Map<String, Object> doc = (Map<String, Object>) JsonSchema.assertValid(r.out(), "verify.schema.json");
        Map<String, Object> kernel = (Map<String, Object>) ((Map<String, Object>) ((List<Object>) doc.get("programs")).getFirst()).get("kernel");
        Map<String, Object> profile = (Map<String, Object>) kernel.get("profile");
        assertEquals(kernel.get("processed_insns"), profile.get("counted_insns"));
        List<Map<String, Object>> lines = (List<Map<String, Object>>) (List<?>) profile.get("lines");
        assertEquals(1000L, lines.stream().mapToLong(l -> (Long) l.get("share_permille")).sum());
        assertEquals(profile.get("counted_insns"), lines.stream().mapToLong(l -> (Long) l.get("insns")).sum());
        assertTrue(loopLines(ex.dir().resolve("hash.go")).contains(((Long) lines.getFirst().get("line")).intValue()), r.out());
    }

    @Test
    void aRejectedProgramIsProfiledUpToTheRejection(@TempDir Path tmp) {
        Examples.requireToolchain();
        Requires.kernel();
        Path obj = tmp.resolve("unchecked.o");
        assertEquals(0, CliRunner.run("build", Requires.repo().resolve("src/test/resources/io/tinybpf/bad/unchecked-packet").toString(),
                "--section", "prog=xdp", "-o", obj.toString()).exit());
        CliRunner r = CliRunner.run("verify", "--profile", obj.toString());
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains("REJECTED at main.go:14"), r.out());
        assertTrue(r.out().matches("(?s).*verifier profile of prog: \\d+ instructions processed, \\d+ branch states \\(until the rejection\\).*"),
                r.out());
        assertTrue(r.out().contains("main.go:14"), r.out());
    }

    @Test
    void theHtmlPageShowsShadedLinesInARealBrowser(@TempDir Path tmp) throws Exception {
        var ex = Examples.build("loop-hash");
        Requires.kernel();
        Path chromium = Requires.onPath("chromium").orElse(null);
        Requires.that(chromium != null, "chromium (scripts/setup browser)");
        Path page = tmp.resolve("profile.html");
        CliRunner r = CliRunner.run("verify", "--profile=html", "--profile-out", page.toString(), ex.object().toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("wrote " + page), r.out());
        String html = Files.readString(page, StandardCharsets.UTF_8);
        assertTrue(!html.contains("http://") && !html.contains("https://") && !html.contains("<script"), "self-contained, no scripts");
        for (int n : loopLines(ex.dir().resolve("hash.go"))) {
            assertTrue(Pattern.compile("<tr class=\"hot\"[^>]*><td class=\"n\">" + n + "</td>").matcher(html).find(),
                    "loop line " + n + " is shaded in the source listing");
        }

        Path shot = tmp.resolve("shot.png");
        Path profileDir = Files.createDirectory(tmp.resolve("chromium-profile"));
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--user-data-dir=" + profileDir,
                "--window-size=1200,1500", "--hide-scrollbars", "--screenshot=" + shot, page.toUri().toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("chromium.log").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium finished");
        assertEquals(0, p.exitValue(), Files.readString(tmp.resolve("chromium.log")));
        BufferedImage img = ImageIO.read(shot.toFile());
        assertEquals(1200, img.getWidth());
        // rows of the page where most of the width is the costliest line's red (the summary row and
        // the source row of the loop line), and rows in a light red (cheap lines)
        int strong = 0, light = 0, white = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            int red = 0, pale = 0, blank = 0;
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y), rr = rgb >> 16 & 0xff, g = rgb >> 8 & 0xff, b = rgb & 0xff;
                if (rr > 200 && g < 100 && b < 100) red++;
                else if (rr > 235 && g > 190 && g < 235 && Math.abs(g - b) < 12) pale++;
                else if (rr > 250 && g > 250 && b > 250) blank++;
            }
            if (red > img.getWidth() / 2) strong++;
            if (pale > img.getWidth() / 2) light++;
            if (blank > img.getWidth() * 9 / 10) white++;
        }
        assertTrue(strong >= 2 * 12, "at least two text rows (~18 px each) shaded in the costliest red, got " + strong + " pixel rows");
        assertTrue(light >= 12, "cheap lines shaded lightly, got " + light + " pixel rows");
        assertTrue(white > img.getHeight() / 3, "unshaded lines stay white, got " + white + " pixel rows");
    }
}

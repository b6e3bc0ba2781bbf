package org.pretrain4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps the code in {@code docs/customize-models.md} true: every fenced Java block there is preceded by a marker
 * {@code <!-- snippet: PATH#TAG -->} and must equal the region between {@code tag::TAG[]} and {@code end::TAG[]} in
 * that file (or the whole file when the marker has no {@code #TAG}). The files are compiled (and the example's are
 * tested) by the build, so a guide that drifts from them fails here instead of misleading its readers.
 */
final class DocsSnippetsTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Path GUIDE = REPO.resolve("docs/customize-models.md");
    private static final Pattern FENCE = Pattern.compile("(?m)^```(\\w*)\\n(.*?)^```\\s*$", Pattern.DOTALL);
    private static final Pattern MARKER = Pattern.compile("<!-- snippet: (\\S+?) -->\\s*$");
    private static final Pattern TAG_LINE = Pattern.compile(".*\\b(tag|end)::[\\w-]+\\[\\].*");

    private record Block(String language, String body, String source, int line) {}

    @Test
    void everyJavaBlockIsMarkedAndEqualsItsTaggedRegion() throws IOException {
        List<Block> blocks = blocks(Files.readString(GUIDE));
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Block b : blocks) {
            if (b.source() == null) {
                if (b.language().equals("java")) {
                    problems.add("line " + b.line() + ": a java block without <!-- snippet: PATH#TAG --> before it");
                }
                continue;
            }
            String expected = region(b.source());
            if (!expected.equals(b.body())) {
                problems.add("line " + b.line() + ": the block differs from " + b.source() + "; paste the region"
                        + " again. Expected:\n" + expected);
            }
            checked++;
        }
        assertTrue(problems.isEmpty(), GUIDE + ":\n" + String.join("\n\n", problems));
        assertTrue(checked >= 10, "the guide shows the compiled snippets (found " + checked + ")");
    }

    @Test
    void regionsAreDedentedAndStripNestedTags() {
        assertEquals("a {\n  b\n}", dedent(List.of("", "    a {", "      b", "    }", "")));
        assertTrue(TAG_LINE.matcher("    // tag::x-y[]").matches());
        assertTrue(TAG_LINE.matcher("# end::config[]").matches());
    }

    /** The fenced blocks of a Markdown text, with the snippet marker on the line before each, if any. */
    private static List<Block> blocks(String markdown) {
        List<Block> out = new ArrayList<>();
        Matcher m = FENCE.matcher(markdown);
        while (m.find()) {
            String before = markdown.substring(0, m.start());
            String[] lines = before.split("\n", -1);
            // lines[last] is the empty remainder of the fence's own line; the marker is the line above it.
            String previous = lines.length >= 2 ? lines[lines.length - 2] : "";
            Matcher marker = MARKER.matcher(previous);
            String body = m.group(2).endsWith("\n") ? m.group(2).substring(0, m.group(2).length() - 1) : m.group(2);
            out.add(new Block(m.group(1), body, marker.find() ? marker.group(1) : null, lines.length));
        }
        return out;
    }

    /** The text a marker names: a tagged region without tag lines and dedented, or a whole file. */
    private static String region(String source) throws IOException {
        int hash = source.indexOf('#');
        Path file = REPO.resolve(hash < 0 ? source : source.substring(0, hash));
        assertTrue(Files.isRegularFile(file), "snippet source " + file + " does not exist");
        List<String> lines = Files.readAllLines(file);
        if (hash < 0) {
            return String.join("\n", lines).stripTrailing();
        }
        String tag = source.substring(hash + 1);
        int start = indexOf(lines, "tag::" + tag + "[]", 0);
        int end = indexOf(lines, "end::" + tag + "[]", start + 1);
        assertTrue(start >= 0 && end > start, file + " has no region tag::" + tag + "[] ... end::" + tag + "[]");
        List<String> region = lines.subList(start + 1, end).stream().filter(l -> !TAG_LINE.matcher(l).matches())
                .toList();
        return dedent(region);
    }

    private static int indexOf(List<String> lines, String marker, int from) {
        for (int i = Math.max(0, from); i < lines.size(); i++) {
            if (lines.get(i).contains(marker)) {
                return i;
            }
        }
        return -1;
    }

    private static String dedent(List<String> lines) {
        int indent = lines.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length())
                .min().orElse(0);
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            out.add(l.isBlank() ? "" : l.substring(indent).stripTrailing());
        }
        // Blank lines around a region are layout of the source file, not part of the snippet.
        while (!out.isEmpty() && out.get(0).isEmpty()) {
            out.remove(0);
        }
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return String.join("\n", out);
    }
}

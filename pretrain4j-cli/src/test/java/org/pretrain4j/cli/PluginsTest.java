package org.pretrain4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --plugins-dir}: a plugin's components are listed and described with their plugin; bad plugins fail cleanly. */
final class PluginsTest {
    @TempDir
    Path tmp;

    private Path root;

    private record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @BeforeEach
    void writePlugin() throws Exception {
        root = Files.createDirectories(tmp.resolve("plugins"));
        GreeterPlugin.write(root, tmp.resolve("classes"));
    }

    @Test
    void listShowsThePluginOfEachType() {
        Result r = run("--plugins-dir", root.toString(), "list", "Greet*");
        assertEquals(0, r.code(), r.err());
        String row = r.out().lines().filter(l -> l.startsWith("GreetHook ")).findFirst().orElseThrow();
        assertTrue(row.contains("hook") && row.contains("greeter") && row.contains(GreeterPlugin.FACTORY)
                && row.contains("greeter-1.0.jar"), row);
        assertTrue(r.out().lines().findFirst().orElseThrow().contains("plugin"), "a plugin column: " + r.out());
    }

    @Test
    void optionWorksAfterTheSubcommandAndBundledTypesSayClasspath() {
        Result r = run("list", "--plugins-dir", root.toString(), "--kind", "optimizer");
        assertEquals(0, r.code(), r.err());
        String sgd = r.out().lines().filter(l -> l.startsWith("SGD ")).findFirst().orElseThrow();
        assertTrue(sgd.contains("classpath"), sgd);
        Result d = run("describe", "greethook", "--plugins-dir", root.toString());
        assertEquals(0, d.code(), d.err());
        assertTrue(d.out().contains("greeter-1.0.jar in plugin 'greeter'"), d.out());
    }

    @Test
    void badPluginFailsWithOneReadableLine() throws Exception {
        Files.move(root.resolve("greeter/greeter-1.0.jar"), root.resolve("greeter-1.0.jar"));
        Result r = run("--plugins-dir", root.toString(), "list");
        assertEquals(1, r.code(), r.out());
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), r.err());
        assertTrue(lines.get(0).startsWith("error: plugin jar greeter-1.0.jar")
                && lines.get(0).contains("move it into " + root.resolve("greeter-1.0")), lines.get(0));
    }
}

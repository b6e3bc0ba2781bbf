package org.pretrain4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pretrain4j.api.ApiVersion;
import org.pretrain4j.api.ComponentFactory;

/** {@code --plugins-dir}: a plugin's components are listed and described with their plugin; bad plugins fail cleanly. */
final class PluginsTest {
    private static final String FACTORY = "fixture.greeter.GreetHookFactory";

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
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        compile(classes, "package fixture.greeter;\n"
                + "public final class GreetHookFactory implements org.pretrain4j.api.HookFactory<Object> {\n"
                + "  public String typeName() { return \"GreetHook\"; }\n"
                + "  public String summary() { return \"Says hello.\"; }\n"
                + "  public java.util.List<org.pretrain4j.api.ParamDoc> parameters() { return java.util.List.of(); }\n"
                + "  public org.pretrain4j.api.Example example() { return org.pretrain4j.api.Example.of(\"\"); }\n"
                + "  public Object parseConfig(org.pretrain4j.api.config.ConfigView c) { return c; }\n"
                + "  public org.pretrain4j.api.train.Hook create(Object c, org.pretrain4j.api.BuildContext x) {\n"
                + "    return new org.pretrain4j.api.train.Hook() {}; }\n"
                + "}\n");
        Path dir = Files.createDirectories(root.resolve("greeter"));
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue(ApiVersion.MANIFEST_ATTRIBUTE, Integer.toString(ApiVersion.CURRENT));
        try (OutputStream os = Files.newOutputStream(dir.resolve("greeter-1.0.jar"));
                JarOutputStream jar = new JarOutputStream(os, manifest);
                Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                jar.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
                Files.copy(f, jar);
            }
            jar.putNextEntry(new JarEntry("META-INF/services/org.pretrain4j.api.HookFactory"));
            jar.write((FACTORY + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void listShowsThePluginOfEachType() {
        Result r = run("--plugins-dir", root.toString(), "list", "Greet*");
        assertEquals(0, r.code(), r.err());
        String row = r.out().lines().filter(l -> l.startsWith("GreetHook ")).findFirst().orElseThrow();
        assertTrue(row.contains("hook") && row.contains("greeter") && row.contains(FACTORY)
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

    /** Compiles one source against the API, the way a third-party plugin compiles against framework-api alone. */
    private static void compile(Path classes, String source) throws Exception {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        JavaFileObject unit = new SimpleJavaFileObject(URI.create("string:///" + FACTORY.replace('.', '/') + ".java"),
                JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        StringWriter diagnostics = new StringWriter();
        boolean ok = compiler.getTask(diagnostics, null, null, List.of("-d", classes.toString(), "--release", "17",
                "-proc:none", "-classpath", String.join(File.pathSeparator, classpath())), null, List.of(unit)).call();
        assertTrue(ok, diagnostics.toString());
    }

    /** Where the API and DJL were loaded from, plus the test classpath (and a manifest-only booter jar's entries). */
    private static Set<String> classpath() throws Exception {
        Set<String> cp = new LinkedHashSet<>();
        for (Class<?> c : List.of(ComponentFactory.class, ai.djl.ndarray.types.Shape.class)) {
            cp.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        }
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            cp.add(entry);
            if (entry.endsWith(".jar") && Files.isRegularFile(Path.of(entry))) {
                try (JarFile jar = new JarFile(entry)) {
                    String extra = jar.getManifest() == null ? null
                            : jar.getManifest().getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
                    if (extra != null) {
                        for (String url : extra.trim().split("\\s+")) {
                            cp.add(Path.of(Path.of(entry).toUri().resolve(url)).toString());
                        }
                    }
                }
            }
        }
        return cp;
    }
}

package org.pretrain4j.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URI;
import java.net.URISyntaxException;
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
import org.pretrain4j.api.ApiVersion;
import org.pretrain4j.api.ComponentFactory;

/**
 * A third-party plugin built at test time: one hook type, {@code GreetHook}, compiled against the API the way a plugin
 * compiles against framework-api alone and written as {@code <plugins>/greeter/greeter-1.0.jar}. Its hook prints
 * {@link #AFTER_TRAIN} and the iteration to standard output after training, so a run shows that it was called.
 */
final class GreeterPlugin {
    /** The factory's class. */
    static final String FACTORY = "fixture.greeter.GreetHookFactory";
    /** What the hook prints after training, followed by the iteration. */
    static final String AFTER_TRAIN = "greeter: after training, iteration ";

    private GreeterPlugin() {}

    /**
     * Compiles the plugin and writes its jar.
     *
     * @param pluginsRoot the plugins directory; the jar goes into its {@code greeter} sub-directory
     * @param scratch a directory for the compiled classes, outside {@code pluginsRoot}
     * @return the jar
     */
    static Path write(Path pluginsRoot, Path scratch) throws Exception {
        Path classes = Files.createDirectories(scratch);
        compile(classes, "package fixture.greeter;\n"
                + "public final class GreetHookFactory implements org.pretrain4j.api.HookFactory<Object> {\n"
                + "  public String typeName() { return \"GreetHook\"; }\n"
                + "  public String summary() { return \"Says hello.\"; }\n"
                + "  public java.util.List<org.pretrain4j.api.ParamDoc> parameters() { return java.util.List.of(); }\n"
                + "  public org.pretrain4j.api.Example example() { return org.pretrain4j.api.Example.of(\"\"); }\n"
                + "  public Object parseConfig(org.pretrain4j.api.config.ConfigView c) { return c; }\n"
                + "  public org.pretrain4j.api.train.Hook create(Object c, org.pretrain4j.api.BuildContext x) {\n"
                + "    return new org.pretrain4j.api.train.Hook() {\n"
                + "      public void afterTrain(org.pretrain4j.api.train.RunInfo info) {\n"
                + "        System.out.println(\"" + AFTER_TRAIN + "\" + info.iteration()); } }; }\n"
                + "}\n");
        Path dir = Files.createDirectories(pluginsRoot.resolve("greeter"));
        Path jarFile = dir.resolve("greeter-1.0.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue(ApiVersion.MANIFEST_ATTRIBUTE, Integer.toString(ApiVersion.CURRENT));
        try (OutputStream os = Files.newOutputStream(jarFile);
                JarOutputStream jar = new JarOutputStream(os, manifest);
                Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                jar.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
                Files.copy(f, jar);
            }
            jar.putNextEntry(new JarEntry("META-INF/services/org.pretrain4j.api.HookFactory"));
            jar.write((FACTORY + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return jarFile;
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
    private static Set<String> classpath() throws IOException, URISyntaxException {
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

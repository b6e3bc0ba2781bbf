package org.pretrain4j.core.plugin;

import static java.util.Objects.requireNonNull;

import com.typesafe.config.Config;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
import org.pretrain4j.api.ComponentFactory;
import org.slf4j.Logger;

/**
 * Builds small jars for plugin tests at test time: compiles Java sources against the test classpath and writes them
 * with {@code META-INF/services} entries and manifest attributes.
 */
final class PluginJar {
    private final Path scratch;
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final Map<String, List<String>> services = new LinkedHashMap<>();
    private final Map<String, String> attributes = new LinkedHashMap<>();
    private final List<Path> classpath = new ArrayList<>();

    /**
     * Starts a jar.
     *
     * @param scratch a directory for compiled classes, outside any plugins directory
     */
    PluginJar(Path scratch) {
        this.scratch = requireNonNull(scratch, "scratch is null");
    }

    /**
     * Adds a source file.
     *
     * @param className the class's binary name
     * @param source its Java source
     * @return this
     */
    PluginJar source(String className, String source) {
        sources.put(className, source);
        return this;
    }

    /** Lists a provider under {@code META-INF/services/<service>}. */
    PluginJar service(String service, String provider) {
        services.computeIfAbsent(service, s -> new ArrayList<>()).add(provider);
        return this;
    }

    /** Sets a main manifest attribute. */
    PluginJar attribute(String name, String value) {
        attributes.put(name, value);
        return this;
    }

    /** Compiles against an extra jar too, e.g. a library the plugin bundles. */
    PluginJar classpath(Path jar) {
        classpath.add(jar);
        return this;
    }

    /**
     * Compiles the sources and writes the jar.
     *
     * @param jar where the jar goes; its parent directories are created
     * @return the jar
     */
    Path write(Path jar) {
        try {
            Files.createDirectories(jar.getParent());
            Path classes = Files.createTempDirectory(Files.createDirectories(scratch), "classes");
            compile(classes);
            Manifest manifest = new Manifest();
            manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            attributes.forEach((k, v) -> manifest.getMainAttributes().putValue(k, v));
            try (OutputStream os = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(os, manifest)) {
                try (Stream<Path> files = Files.walk(classes)) {
                    for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                        out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
                        Files.copy(f, out);
                        out.closeEntry();
                    }
                }
                for (Map.Entry<String, List<String>> s : services.entrySet()) {
                    out.putNextEntry(new JarEntry("META-INF/services/" + s.getKey()));
                    out.write((String.join("\n", s.getValue()) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    out.closeEntry();
                }
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void compile(Path classes) {
        if (sources.isEmpty()) {
            return;
        }
        JavaCompiler compiler = requireNonNull(ToolProvider.getSystemJavaCompiler(), "no system Java compiler");
        List<JavaFileObject> units = new ArrayList<>();
        sources.forEach((name, src) -> units.add(new SimpleJavaFileObject(
                java.net.URI.create("string:///" + name.replace('.', '/') + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return src;
            }
        }));
        List<String> cp = new ArrayList<>(testClasspath());
        classpath.forEach(p -> cp.add(p.toString()));
        StringWriter diagnostics = new StringWriter();
        boolean ok = compiler.getTask(diagnostics, null, null, List.of("-d", classes.toString(), "--release", "17",
                "-proc:none", "-classpath", String.join(File.pathSeparator, cp)), null, units).call();
        if (!ok) {
            throw new IllegalStateException("fixture does not compile:\n" + diagnostics);
        }
    }

    /**
     * The classpath the fixtures compile against: where the API, DJL, Typesafe Config and SLF4J were loaded from,
     * plus {@code java.class.path} and the {@code Class-Path} of any manifest-only jar on it (surefire's booter).
     */
    static List<String> testClasspath() {
        Set<String> cp = new LinkedHashSet<>();
        for (Class<?> c : List.of(ComponentFactory.class, ai.djl.ndarray.NDList.class, Config.class, Logger.class)) {
            try {
                cp.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            cp.add(entry);
            if (entry.endsWith(".jar") && Files.isRegularFile(Path.of(entry))) {
                cp.addAll(manifestClassPath(Path.of(entry)));
            }
        }
        return List.copyOf(cp);
    }

    private static List<String> manifestClassPath(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest m = file.getManifest();
            String value = m == null ? null : m.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            if (value == null) {
                return List.of();
            }
            List<String> out = new ArrayList<>();
            for (String url : value.trim().split("\\s+")) {
                try {
                    java.net.URI uri = jar.toUri().resolve(url);
                    out.add(Path.of(uri).toString());
                } catch (IllegalArgumentException e) {
                    // an entry that is not a file URL; it cannot hold what the fixtures need
                }
            }
            return out;
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * Source of a factory class.
     *
     * @param className binary name of the factory
     * @param factoryInterface simple name of the kind's factory interface in {@code org.pretrain4j.api}
     * @param component the component type's fully qualified name
     * @param typeName the type name it registers
     * @param members extra code in the class body: a constructor, a static block, fields
     * @param summary a Java expression for {@code summary()}
     * @param create the body of {@code create}
     * @return the source
     */
    static String factory(String className, String factoryInterface, String component, String typeName,
            String members, String summary, String create) {
        int dot = className.lastIndexOf('.');
        return "package " + className.substring(0, dot) + ";\n"
                + "public final class " + className.substring(dot + 1) + " implements org.pretrain4j.api."
                + factoryInterface + "<Object> {\n"
                + members + "\n"
                + "  public String typeName() { return \"" + typeName + "\"; }\n"
                + "  public String summary() { return " + summary + "; }\n"
                + "  public java.util.List<org.pretrain4j.api.ParamDoc> parameters() { return java.util.List.of(); }\n"
                + "  public org.pretrain4j.api.Example example() { return org.pretrain4j.api.Example.of(\"\"); }\n"
                + "  public Object parseConfig(org.pretrain4j.api.config.ConfigView c) { return \"parsed\"; }\n"
                + "  public " + component + " create(Object c, org.pretrain4j.api.BuildContext ctx) { " + create
                + " }\n"
                + "}\n";
    }

    /** A hook factory whose summary is the given expression and whose hook reports the context class loader. */
    static String hookFactory(String className, String typeName, String members, String summary) {
        return factory(className, "HookFactory", "org.pretrain4j.api.train.Hook", typeName, members, summary,
                "final String seen = String.valueOf(Thread.currentThread().getContextClassLoader());"
                        + " return new org.pretrain4j.api.train.Hook() {"
                        + " public String toString() { return seen; } };");
    }
}

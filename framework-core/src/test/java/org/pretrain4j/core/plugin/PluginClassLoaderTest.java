package org.pretrain4j.core.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import com.typesafe.config.Config;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pretrain4j.api.ApiVersion;
import org.pretrain4j.api.HookFactory;
import org.pretrain4j.api.Kind;
import org.pretrain4j.core.registry.ComponentRegistry;
import org.slf4j.Logger;

/** Isolation: each plugin sees its own libraries first, and shares the API, DJL, SLF4J and Config with the host. */
final class PluginClassLoaderTest {
    @TempDir
    Path tmp;

    private final List<Plugin> loaded = new ArrayList<>();

    @AfterEach
    void closeLoaders() {
        loaded.forEach(PluginLoader::closeQuietly);
    }

    private PluginJar jar() {
        return new PluginJar(tmp.resolve("scratch"));
    }

    private Path greetingLibrary(String version) {
        return jar().source("lib.Greeting", "package lib; public final class Greeting {"
                + " public static String value() { return \"" + version + "\"; } }")
                .write(tmp.resolve("libs/lib-" + version + ".jar"));
    }

    /** A plugin that bundles its own copy of the greeting library and reports its value as its summary. */
    private void greeterPlugin(Path root, String name, Path library) throws Exception {
        String cls = "fixture." + name + ".Factory";
        jar().classpath(library)
                .source(cls, PluginJar.hookFactory(cls, "Greeter_" + name, "", "lib.Greeting.value()"))
                .service("org.pretrain4j.api.HookFactory", cls)
                .write(root.resolve(name).resolve(name + ".jar"));
        java.nio.file.Files.copy(library, root.resolve(name).resolve(library.getFileName()));
    }

    private List<Plugin> load(ClassLoader parent, Path root) {
        List<Plugin> plugins = new PluginLoader(parent).load(List.of(root));
        loaded.addAll(plugins);
        return plugins;
    }

    @Test
    void twoPluginsBundlingDifferentVersionsOfALibraryEachSeeTheirOwn() throws Exception {
        Path root = tmp.resolve("plugins");
        greeterPlugin(root, "one", greetingLibrary("v1"));
        greeterPlugin(root, "two", greetingLibrary("v2"));
        ComponentRegistry registry = ComponentRegistry.of(getClass().getClassLoader(),
                load(getClass().getClassLoader(), root));
        assertEquals("v1", registry.find(Kind.HOOK, "Greeter_one").orElseThrow().factory().summary());
        assertEquals("v2", registry.find(Kind.HOOK, "Greeter_two").orElseThrow().factory().summary());
        assertThrows(ClassNotFoundException.class, () -> Class.forName("lib.Greeting"), "the host does not see it");
    }

    @Test
    void pluginClassesComeFirstEvenWhenTheHostHasTheSameLibrary() throws Exception {
        Path root = tmp.resolve("plugins");
        Path hostLibrary = greetingLibrary("host");
        greeterPlugin(root, "mine", greetingLibrary("mine"));
        try (URLClassLoader host = new URLClassLoader(new URL[] {hostLibrary.toUri().toURL()},
                getClass().getClassLoader())) {
            Plugin plugin = load(host, root).get(0);
            Class<?> seen = plugin.classLoader().loadClass("lib.Greeting");
            assertSame(plugin.classLoader(), seen.getClassLoader(), "child-first");
            assertEquals("mine", seen.getMethod("value").invoke(null));
            assertEquals("host", host.loadClass("lib.Greeting").getMethod("value").invoke(null));
        }
    }

    @Test
    void sharedPackagesAreTheHostsOwnClassesEvenWhenAPluginBundlesCopies() throws Exception {
        Path root = tmp.resolve("plugins");
        greeterPlugin(root, "shared", greetingLibrary("v1"));
        // A stray copy of an API class in the plugin must not shadow the framework's.
        jar().source("org.pretrain4j.api.ApiVersion", "package org.pretrain4j.api; public final class ApiVersion {"
                + " public static final int CURRENT = 99; }").write(root.resolve("shared/framework-api-copy.jar"));
        PluginClassLoader loader = load(getClass().getClassLoader(), root).get(0).classLoader();
        for (Class<?> c : List.of(HookFactory.class, ApiVersion.class, NDList.class, Config.class, Logger.class,
                String.class)) {
            assertSame(c, loader.loadClass(c.getName()), c.getName());
        }
        assertTrue(ComponentRegistry.of(getClass().getClassLoader(), loaded).find(Kind.HOOK, "Greeter_shared")
                .orElseThrow().factory() instanceof HookFactory);
    }

    @Test
    void sharedPackageListIsTheDocumentedOne() {
        for (String name : List.of("org.pretrain4j.api.Kind", "ai.djl.nn.Block", "org.slf4j.Logger",
                "com.typesafe.config.Config", "java.lang.String")) {
            assertTrue(PluginClassLoader.isShared(name), name);
        }
        for (String name : List.of("org.pretrain4j.core.registry.ComponentRegistry", "org.pretrain4j.apix.Foo",
                "lib.Greeting", "org.pretrain4j.backbones.resnet.ResNet")) {
            assertTrue(!PluginClassLoader.isShared(name), name);
        }
    }
}

package org.pretrain4j.core.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pretrain4j.api.ApiVersion;
import org.pretrain4j.api.Kind;
import org.pretrain4j.api.PluginException;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.train.Hook;
import org.pretrain4j.core.build.ComponentBuilder;
import org.pretrain4j.core.registry.ComponentRegistry;
import org.pretrain4j.core.registry.RegistryEntry;

/** Plugin directories end to end: layout, registration with the plugin's name, context loader, and each error. */
final class PluginLoaderTest {
    @TempDir
    Path tmp;

    private Path root;
    private final List<Plugin> loaded = new ArrayList<>();

    @BeforeEach
    void createRoot() throws Exception {
        root = Files.createDirectories(tmp.resolve("plugins"));
    }

    @AfterEach
    void closeLoaders() {
        loaded.forEach(PluginLoader::closeQuietly);
    }

    private PluginJar jar() {
        return new PluginJar(tmp.resolve("scratch"));
    }

    /** Writes plugin {@code name} holding one hook factory registered as {@code type}. */
    private Path hookPlugin(String name, String type, String members) {
        String cls = "fixture." + name + ".Factory";
        return jar().source(cls, PluginJar.hookFactory(cls, type, members, "\"hook " + type + "\""))
                .service("org.pretrain4j.api.HookFactory", cls)
                .attribute(ApiVersion.MANIFEST_ATTRIBUTE, Integer.toString(ApiVersion.CURRENT))
                .write(root.resolve(name).resolve(name + ".jar"));
    }

    private List<Plugin> load() {
        List<Plugin> plugins = PluginLoader.ofFramework().load(List.of(root));
        loaded.addAll(plugins);
        return plugins;
    }

    private ComponentRegistry registry() {
        return ComponentRegistry.of(getClass().getClassLoader(), load());
    }

    @Test
    void pluginFactoryIsRegisteredWithItsPluginAndJar() {
        hookPlugin("greeter", "Greet", "");
        ComponentRegistry registry = registry().validate();
        Plugin plugin = registry.plugins().get(0);
        assertEquals("greeter", plugin.name());
        assertEquals(ApiVersion.CURRENT, plugin.apiVersion());
        assertEquals(List.of(root.resolve("greeter/greeter.jar")), plugin.jars());

        RegistryEntry e = registry.find(Kind.HOOK, "greet").orElseThrow();
        assertEquals("Greet", e.typeName());
        assertEquals("greeter", e.plugin());
        assertEquals("greeter", e.origin());
        assertEquals("greeter.jar", e.source());
        assertEquals("greeter.jar in plugin 'greeter'", e.describeSource());
        assertSame(plugin.classLoader(), e.factory().getClass().getClassLoader());
        assertTrue(registry.entries(Kind.BUILT_IN).contains(e), "listed with everything else");

        RegistryEntry bundled = registry.find(Kind.OPTIMIZER, "SGD").orElseThrow();
        assertNull(bundled.plugin(), "classpath factories have no plugin");
        assertEquals(RegistryEntry.CLASSPATH, bundled.origin());
    }

    @Test
    void factoriesRunWithThePluginsContextClassLoader() {
        hookPlugin("ctx", "ContextProbe", "");
        ComponentRegistry registry = registry();
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        Hook hook = new ComponentBuilder(registry).build(Kind.HOOK,
                ConfigView.of(ConfigFactory.parseString("type = ContextProbe").root(), "custom_hooks[0]"));
        assertEquals(registry.plugins().get(0).classLoader().toString(), hook.toString());
        assertSame(before, Thread.currentThread().getContextClassLoader(), "restored afterwards");
    }

    @Test
    void jarDirectlyInThePluginsDirectoryIsAnError() {
        hookPlugin("tmp", "Loose", "");
        Path loose = root.resolve("loose-1.0.jar");
        try {
            Files.move(root.resolve("tmp/tmp.jar"), loose);
            Files.delete(root.resolve("tmp"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        PluginException e = assertThrows(PluginException.class, this::load);
        String m = e.getMessage();
        assertTrue(m.contains("loose-1.0.jar") && m.contains("move it into " + root.resolve("loose-1.0")), m);
        assertEquals("loose-1.0", e.pluginName());
    }

    @Test
    void pluginWithoutProvidersIsAnError() {
        jar().source("lib.Util", "package lib; public final class Util {}").write(root.resolve("empty/util-1.jar"));
        PluginException e = assertThrows(PluginException.class, this::load);
        String m = e.getMessage();
        assertTrue(m.contains("plugin 'empty'") && m.contains("util-1.jar") && m.contains("no component providers")
                && m.contains("@AutoService"), m);
    }

    @Test
    void emptyPluginDirectoryIsAnError() throws Exception {
        Files.createDirectories(root.resolve("nothing"));
        PluginException e = assertThrows(PluginException.class, this::load);
        assertTrue(e.getMessage().contains("plugin 'nothing'") && e.getMessage().contains("no jars"), e.getMessage());
    }

    @Test
    void sameTypeInTwoPluginsNamesBoth() {
        hookPlugin("alpha", "Twin", "");
        hookPlugin("beta", "twin", "");
        ComponentRegistry registry = registry();
        PluginException e = assertThrows(PluginException.class, registry::validate);
        String m = e.getMessage();
        assertTrue(m.contains("alpha.jar in plugin 'alpha'") && m.contains("beta.jar in plugin 'beta'"), m);
        assertTrue(m.contains("cannot override"), m);
    }

    @Test
    void pluginTypeClashingWithABundledTypeNamesBoth() {
        String cls = "fixture.shadow.SgdFactory";
        jar().source(cls, PluginJar.factory(cls, "OptimizerFactory", "org.pretrain4j.api.train.Optimizer", "SGD",
                        "", "\"shadow\"", "return null;"))
                .service("org.pretrain4j.api.OptimizerFactory", cls)
                .write(root.resolve("shadow/shadow.jar"));
        ComponentRegistry registry = registry();
        PluginException e = assertThrows(PluginException.class, () -> registry.find(Kind.OPTIMIZER, "sgd"));
        String m = e.getMessage();
        assertTrue(m.contains("org.pretrain4j.core.optim.SgdFactory") && m.contains(cls), m);
        assertTrue(m.contains("shadow.jar in plugin 'shadow'") && m.contains("rename the type"), m);
        assertEquals("shadow", e.pluginName());
    }

    @Test
    void providerWithAMissingDependencyNamesPluginJarAndClass() {
        Path lib = jar().source("lib.Greeting", "package lib; public final class Greeting {"
                + " public static String value() { return \"v1\"; } }").write(tmp.resolve("libs/lib-1.jar"));
        String cls = "fixture.needy.Factory";
        jar().classpath(lib)
                .source(cls, PluginJar.hookFactory(cls, "Needy", "private final String g = lib.Greeting.value();",
                        "g"))
                .service("org.pretrain4j.api.HookFactory", cls)
                .write(root.resolve("needy/needy.jar"));
        PluginException e = assertThrows(PluginException.class, registry()::validate);
        String m = e.getMessage();
        assertTrue(m.contains("plugin 'needy' (needy.jar)")
                && (m.contains("lib/Greeting") || m.contains("lib.Greeting")), m);
        assertTrue(m.contains("put the jar that holds it into " + root.resolve("needy")), m);
    }

    @Test
    void providerWhoseConstructorThrowsIsAnError() {
        hookPlugin("boom", "Boom", "public Factory() { throw new IllegalStateException(\"constructor boom\"); }");
        PluginException e = assertThrows(PluginException.class, registry()::validate);
        String m = e.getMessage();
        assertTrue(m.contains("plugin 'boom' (boom.jar)") && m.contains("constructor boom")
                && m.contains("fixture.boom.Factory"), m);
    }

    @Test
    void providerWhoseStaticInitialiserThrowsIsAnError() {
        hookPlugin("statik", "Statik", "static { fail(); }"
                + " static void fail() { throw new IllegalStateException(\"static boom\"); }");
        PluginException e = assertThrows(PluginException.class, registry()::validate);
        String m = e.getMessage();
        assertTrue(m.contains("plugin 'statik' (statik.jar)") && m.contains("static boom"), m);
    }

    @Test
    void pluginBuiltAgainstAnotherApiVersionIsRefused() {
        String cls = "fixture.future.Factory";
        jar().source(cls, PluginJar.hookFactory(cls, "Future", "", "\"future\""))
                .service("org.pretrain4j.api.HookFactory", cls)
                .attribute(ApiVersion.MANIFEST_ATTRIBUTE, Integer.toString(ApiVersion.CURRENT + 1))
                .write(root.resolve("future/future-2.0.jar"));
        PluginException e = assertThrows(PluginException.class, this::load);
        String m = e.getMessage();
        assertTrue(m.contains("plugin 'future'") && m.contains("future-2.0.jar"), m);
        assertTrue(m.contains("framework-api version " + (ApiVersion.CURRENT + 1))
                && m.contains("provides version " + ApiVersion.CURRENT) && m.contains("Rebuild the plugin"), m);
    }

    @Test
    void pluginWithoutDeclaredApiVersionStillLoads() {
        String cls = "fixture.old.Factory";
        jar().source(cls, PluginJar.hookFactory(cls, "Old", "", "\"old\""))
                .service("org.pretrain4j.api.HookFactory", cls)
                .write(root.resolve("old/old.jar"));
        assertEquals(0, load().get(0).apiVersion());
    }

    @Test
    void missingPluginsDirectoryIsAnError() {
        Path missing = tmp.resolve("nowhere");
        PluginException e = assertThrows(PluginException.class,
                () -> PluginLoader.ofFramework().load(List.of(missing)));
        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("--plugins-dir"),
                e.getMessage());
    }

    @Test
    void rootsComeFromOptionsAndEnvironmentElseDefaultDirectory() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("work"));
        assertEquals(List.of(), PluginLoader.roots(List.of(), null, work), "no ./plugins, no roots");
        Path fallback = Files.createDirectories(work.resolve("plugins"));
        assertEquals(List.of(fallback), PluginLoader.roots(List.of(), "", work));
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        Path c = tmp.resolve("c");
        assertEquals(List.of(a, b, c), PluginLoader.roots(List.of(a, b), c + File.pathSeparator + b, work),
                "named first, then the environment, without duplicates; the default only when none is named");
    }

    @Test
    void apiVersionConstantMatchesFrameworkApiManifest() throws Exception {
        Path api = Path.of(ApiVersion.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        org.junit.jupiter.api.Assumptions.assumeTrue(api.toString().endsWith(".jar"), "framework-api from classes");
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(api.toFile())) {
            assertEquals(Integer.toString(ApiVersion.CURRENT),
                    jar.getManifest().getMainAttributes().getValue(ApiVersion.MANIFEST_ATTRIBUTE));
        }
    }
}

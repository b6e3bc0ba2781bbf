package org.pretrain4j.core.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pretrain4j.api.ApiVersion;
import org.pretrain4j.api.Kind;
import org.pretrain4j.api.PluginException;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.core.build.ComponentBuilder;
import org.pretrain4j.core.registry.ComponentRegistry;
import org.pretrain4j.core.registry.Provenance;
import org.pretrain4j.core.registry.RegistryEntry;

/** Checkpoint provenance: each built component's plugin, jar, digest and version, and the missing-plugin check. */
final class ProvenanceTest {
    @TempDir
    Path tmp;

    @Test
    void recordsPluginJarDigestAndVersionAndRoundTrips() throws Exception {
        String cls = "fixture.prov.Factory";
        Path jar = new PluginJar(tmp.resolve("scratch"))
                .source(cls, PluginJar.hookFactory(cls, "ProvHook", "", "\"prov\""))
                .service("org.pretrain4j.api.HookFactory", cls)
                .attribute(ApiVersion.MANIFEST_ATTRIBUTE, "1")
                .attribute("Implementation-Version", "3.1.4")
                .write(tmp.resolve("plugins/prov/prov-3.1.4.jar"));
        List<Plugin> plugins = PluginLoader.ofFramework().load(List.of(tmp.resolve("plugins")));
        try {
            ComponentRegistry registry = ComponentRegistry.of(getClass().getClassLoader(), plugins);
            ComponentBuilder builder = new ComponentBuilder(registry);
            builder.build(Kind.HOOK, ConfigView.of(ConfigFactory.parseString("h { type = ProvHook }").root(), "")
                    .getView("h"));
            builder.build(Kind.OPTIMIZER, ConfigView.of(ConfigFactory.parseString("o { type = SGD, lr = 0.1 }")
                    .root(), "").getView("o"));
            List<Provenance> records = Provenance.of(builder.built(), Provenance.newJarCache());
            assertEquals(2, records.size(), records.toString());
            Provenance hook = records.get(0);
            assertEquals("h", hook.path());
            assertEquals("hook", hook.kind());
            assertEquals("ProvHook", hook.type());
            assertEquals(cls, hook.className());
            assertEquals("prov", hook.plugin());
            assertEquals("prov-3.1.4.jar", hook.jar());
            assertEquals("3.1.4", hook.version());
            assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar))),
                    hook.sha256());
            assertEquals(RegistryEntry.CLASSPATH, records.get(1).plugin());

            Map<String, String> meta = Map.of(Provenance.METADATA_KEY, Provenance.toJson(records));
            assertEquals(records, Provenance.fromMetadata(meta));
            Provenance.requirePlugins(tmp.resolve("epoch_1.safetensors"), meta, registry);

            PluginException e = assertThrows(PluginException.class, () -> Provenance.requirePlugins(
                    tmp.resolve("epoch_1.safetensors"), meta, ComponentRegistry.ofClasspath()));
            String m = e.getMessage();
            assertTrue(m.contains("needs plugin 'prov'") && m.contains("prov-3.1.4.jar version 3.1.4")
                    && m.contains("h (ProvHook)") && m.contains("--plugins-dir"), m);
            assertEquals("prov", e.pluginName());
        } finally {
            plugins.forEach(PluginLoader::closeQuietly);
        }
    }

    @Test
    void checkpointsWithoutProvenanceNeedNoPlugins() {
        Provenance.requirePlugins(tmp.resolve("old.safetensors"), Map.of("config", "{}"),
                ComponentRegistry.ofClasspath());
        assertEquals(List.of(), Provenance.fromMetadata(Map.of()));
    }
}

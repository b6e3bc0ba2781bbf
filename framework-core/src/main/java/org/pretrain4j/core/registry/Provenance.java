package org.pretrain4j.core.registry;

import static java.util.Objects.requireNonNull;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.pretrain4j.api.PluginException;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.core.plugin.Plugin;

/**
 * Where each component of a run came from, as stored in a checkpoint's metadata under {@value #METADATA_KEY}: for
 * every config path, the component's kind, type and class, its plugin (or {@value RegistryEntry#CLASSPATH}), its jar
 * with the jar's SHA-256, and the jar's version. A checkpoint whose components came from a plugin that is not loaded
 * is refused with the plugin's name, rather than with an "unknown type" error that hides why.
 *
 * @param path the config path the component was built from, e.g. {@code model.backbone}
 * @param kind the kind's name
 * @param type the type name
 * @param className the factory class
 * @param plugin the plugin's name, or {@value RegistryEntry#CLASSPATH}
 * @param jar the jar's file name (or a classes directory)
 * @param sha256 the jar's SHA-256 in hex, or empty for a directory
 * @param version the jar's version, or {@code unknown}
 */
public record Provenance(String path, String kind, String type, String className, String plugin, String jar,
        String sha256, String version) {
    /** The checkpoint metadata key holding the components' provenance, as a JSON list. */
    public static final String METADATA_KEY = "components";

    /**
     * Checks the fields.
     *
     * @param path the config path
     * @param kind the kind
     * @param type the type name
     * @param className the factory class
     * @param plugin the plugin or classpath
     * @param jar the jar
     * @param sha256 the jar's digest
     * @param version the version
     */
    public Provenance {
        requireNonNull(path, "path is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(type, "type is null");
        requireNonNull(className, "className is null");
        requireNonNull(plugin, "plugin is null");
        requireNonNull(jar, "jar is null");
        requireNonNull(sha256, "sha256 is null");
        requireNonNull(version, "version is null");
    }

    /**
     * Describes the components built from config paths.
     *
     * @param built config path to the entry that built it, in build order
     * @param jarCache digests and versions already computed, by jar path; filled in here, so a caller that writes
     *     many checkpoints hashes each jar once
     * @return one record per component
     */
    public static List<Provenance> of(Map<String, RegistryEntry> built, Map<Path, String[]> jarCache) {
        requireNonNull(built, "built is null");
        requireNonNull(jarCache, "jarCache is null");
        List<Provenance> out = new ArrayList<>();
        built.forEach((path, e) -> {
            Path location = location(e.factory().getClass());
            String[] digestAndVersion = location == null || !Files.isRegularFile(location)
                    ? new String[] {"", "unknown"}
                    : jarCache.computeIfAbsent(location, Provenance::digestAndVersion);
            out.add(new Provenance(path, e.kind().name(), e.typeName(), e.className(), e.origin(), e.source(),
                    digestAndVersion[0], digestAndVersion[1]));
        });
        return out;
    }

    /**
     * Renders provenance records as the JSON stored in checkpoint metadata.
     *
     * @param records the records
     * @return a JSON list of objects
     */
    public static String toJson(List<Provenance> records) {
        List<Map<String, String>> list = new ArrayList<>();
        for (Provenance p : records) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("path", p.path);
            m.put("kind", p.kind);
            m.put("type", p.type);
            m.put("class", p.className);
            m.put("plugin", p.plugin);
            m.put("jar", p.jar);
            m.put("sha256", p.sha256);
            m.put("version", p.version);
            list.add(m);
        }
        return ConfigValueFactory.fromIterable(list).render(ConfigRenderOptions.concise());
    }

    /**
     * Reads the records of a checkpoint's metadata.
     *
     * @param metadata the checkpoint's metadata
     * @return the records; empty for checkpoints written before provenance was recorded
     * @throws Pretrain4jException if the entry is present but not valid
     */
    public static List<Provenance> fromMetadata(Map<String, String> metadata) {
        String json = metadata.get(METADATA_KEY);
        if (json == null) {
            return List.of();
        }
        try {
            List<Provenance> out = new ArrayList<>();
            for (Config c : ConfigFactory.parseString("c = " + json).getConfigList("c")) {
                out.add(new Provenance(c.getString("path"), c.getString("kind"), c.getString("type"),
                        c.getString("class"), c.getString("plugin"), c.getString("jar"), c.getString("sha256"),
                        c.getString("version")));
            }
            return out;
        } catch (ConfigException e) {
            throw new Pretrain4jException("the checkpoint's '" + METADATA_KEY + "' metadata is not valid: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Fails unless every plugin a checkpoint's components came from is loaded in the registry.
     *
     * @param checkpoint the checkpoint, for the message
     * @param metadata its metadata
     * @param registry the registry that will rebuild the model
     * @throws PluginException naming the first missing plugin, its jar and the components that need it
     */
    public static void requirePlugins(Path checkpoint, Map<String, String> metadata, ComponentRegistry registry) {
        List<String> loaded = registry.plugins().stream().map(Plugin::name).toList();
        Map<String, List<Provenance>> missing = new LinkedHashMap<>();
        for (Provenance p : fromMetadata(metadata)) {
            if (!p.plugin.equals(RegistryEntry.CLASSPATH) && !loaded.contains(p.plugin)) {
                missing.computeIfAbsent(p.plugin, k -> new ArrayList<>()).add(p);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        Map.Entry<String, List<Provenance>> first = missing.entrySet().iterator().next();
        Provenance p = first.getValue().get(0);
        throw new PluginException(first.getKey(), "checkpoint " + checkpoint + " needs plugin '" + first.getKey()
                + "' (" + p.jar + (p.version.equals("unknown") ? "" : " version " + p.version)
                + (p.sha256.isEmpty() ? "" : ", sha256 " + p.sha256) + ") for "
                + String.join(", ", first.getValue().stream().map(x -> x.path + " (" + x.type + ")").toList())
                + ", but no such plugin is loaded" + (loaded.isEmpty() ? "" : " (loaded: " + String.join(", ", loaded)
                + ")") + ". Put it into plugins/" + first.getKey() + "/ or name its directory with --plugins-dir.");
    }

    private static Path location(Class<?> type) {
        CodeSource cs = type.getProtectionDomain().getCodeSource();
        if (cs == null || cs.getLocation() == null) {
            return null;
        }
        try {
            return Path.of(cs.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    /** The jar's SHA-256 and its version: Implementation-Version, else the version in its Maven pom.properties. */
    private static String[] digestAndVersion(Path jar) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (InputStream in = Files.newInputStream(jar)) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0;) {
                    sha.update(buf, 0, n);
                }
            }
            return new String[] {HexFormat.of().formatHex(sha.digest()), version(jar)};
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    private static String version(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest m = file.getManifest();
            String v = m == null ? null : m.getMainAttributes().getValue("Implementation-Version");
            if (v != null) {
                return v;
            }
            for (JarEntry e : (Iterable<JarEntry>) file.stream()::iterator) {
                if (e.getName().startsWith("META-INF/maven/") && e.getName().endsWith("/pom.properties")) {
                    Properties p = new Properties();
                    try (InputStream in = file.getInputStream(e)) {
                        p.load(in);
                    }
                    return p.getProperty("version", "unknown");
                }
            }
            return "unknown";
        }
    }

    /**
     * A fresh cache for {@link #of}.
     *
     * @return an empty, mutable map
     */
    public static Map<Path, String[]> newJarCache() {
        return new HashMap<>();
    }
}

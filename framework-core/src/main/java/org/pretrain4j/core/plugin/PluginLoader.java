package org.pretrain4j.core.plugin;

import static java.util.Objects.requireNonNull;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.pretrain4j.api.ApiVersion;
import org.pretrain4j.api.ComponentFactory;
import org.pretrain4j.api.PluginException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds plugins in plugins directories and gives each its own {@link PluginClassLoader}.
 *
 * <p>Layout, as in Trino: every sub-directory {@code <plugins dir>/<name>/} is one plugin named {@code <name>}, and all
 * {@code *.jar} files directly in it (the plugin and its own dependencies) go on its class loader. The loader checks
 * the layout and each plugin's declared {@link ApiVersion API version} up front and fails with a
 * {@link PluginException} that names the plugin, the jar and the fix. Which factories a plugin provides, and whether
 * their type names clash, is checked by {@link org.pretrain4j.core.registry.ComponentRegistry}.
 */
public final class PluginLoader {
    /** The environment variable listing extra plugins directories, separated by {@link File#pathSeparator}. */
    public static final String ENV_VAR = "PRETRAIN4J_PLUGINS";
    /** The plugins directory used when none is named, relative to the working directory, if it exists. */
    public static final Path DEFAULT_DIR = Path.of("plugins");

    private static final Logger LOG = LoggerFactory.getLogger(PluginLoader.class);
    private static final String SERVICES = "META-INF/services/";

    private final ClassLoader parent;

    /**
     * Creates a loader whose plugins delegate to the given class loader.
     *
     * @param parent the framework's class loader, which provides the shared packages
     */
    public PluginLoader(ClassLoader parent) {
        this.parent = requireNonNull(parent, "parent is null");
    }

    /**
     * Creates a loader whose plugins delegate to the framework's own class loader.
     *
     * @return the loader
     */
    public static PluginLoader ofFramework() {
        return new PluginLoader(PluginLoader.class.getClassLoader());
    }

    /**
     * The plugins directories to search: the named ones and those in {@value #ENV_VAR}; when there are none,
     * {@code ./plugins} if it exists.
     *
     * @param named directories named on the command line, in order
     * @param envValue the value of {@value #ENV_VAR}, or null
     * @param workingDir where the default {@code plugins} directory is looked for
     * @return the directories, without duplicates
     */
    public static List<Path> roots(List<Path> named, String envValue, Path workingDir) {
        requireNonNull(named, "named is null");
        requireNonNull(workingDir, "workingDir is null");
        Set<Path> roots = new LinkedHashSet<>();
        named.forEach(p -> roots.add(p.toAbsolutePath().normalize()));
        if (envValue != null) {
            for (String part : envValue.split(File.pathSeparator)) {
                if (!part.isBlank()) {
                    roots.add(Path.of(part.trim()).toAbsolutePath().normalize());
                }
            }
        }
        if (roots.isEmpty()) {
            Path fallback = workingDir.resolve(DEFAULT_DIR);
            if (Files.isDirectory(fallback)) {
                roots.add(fallback.toAbsolutePath().normalize());
            }
        }
        return List.copyOf(roots);
    }

    /**
     * Loads every plugin under the given plugins directories.
     *
     * @param roots plugins directories, each holding one sub-directory per plugin
     * @return the plugins, in directory order and then by name
     * @throws PluginException if a directory is missing, a jar sits directly in a plugins directory, a plugin has no
     *     jars or no providers, two plugins share a name, or a plugin declares another API version
     */
    public List<Plugin> load(List<Path> roots) {
        requireNonNull(roots, "roots is null");
        Map<String, Plugin> plugins = new LinkedHashMap<>();
        try {
            for (Path root : roots) {
                for (Path dir : pluginDirectories(root)) {
                    Plugin plugin = loadOne(dir);
                    Plugin other = plugins.putIfAbsent(plugin.name(), plugin);
                    if (other != null) {
                        closeQuietly(plugin);
                        throw new PluginException(plugin.name(), "plugin '" + plugin.name() + "' is found twice: in "
                                + other.directory() + " and in " + plugin.directory()
                                + ". Plugin names must be unique; remove or rename one of the directories.");
                    }
                }
            }
        } catch (RuntimeException e) {
            plugins.values().forEach(PluginLoader::closeQuietly);
            throw e;
        }
        return List.copyOf(plugins.values());
    }

    /** Lists a root's plugin directories, rejecting jars that sit in the root itself. */
    private static List<Path> pluginDirectories(Path root) {
        if (!Files.isDirectory(root)) {
            throw new PluginException(root.getFileName() == null ? root.toString() : root.getFileName().toString(),
                    "plugins directory " + root + " does not exist or is not a directory. Create it, or fix "
                            + "--plugins-dir / " + ENV_VAR + ".");
        }
        List<Path> dirs = new ArrayList<>();
        for (Path p : list(root)) {
            String file = p.getFileName().toString();
            if (file.startsWith(".")) {
                continue;
            }
            if (Files.isDirectory(p)) {
                dirs.add(p);
            } else if (file.endsWith(".jar")) {
                String name = file.substring(0, file.length() - ".jar".length());
                throw new PluginException(name, "plugin jar " + file + " is directly in the plugins directory "
                        + root + ", but each plugin needs its own sub-directory: move it into "
                        + root.resolve(name) + File.separator + " (plugin '" + name + "'), together with the "
                        + "jars it depends on.");
            }
        }
        return dirs;
    }

    private Plugin loadOne(Path dir) {
        String name = dir.getFileName().toString();
        List<Path> jars = list(dir).stream().filter(p -> p.getFileName().toString().endsWith(".jar")
                && Files.isRegularFile(p)).toList();
        if (jars.isEmpty()) {
            throw new PluginException(name, "plugin '" + name + "' (" + dir + ") holds no jars. Put the plugin's jar "
                    + "and the jars it depends on into " + dir + File.separator + ", or remove the directory.");
        }
        PluginClassLoader loader = new PluginClassLoader(name, jars.stream().map(PluginLoader::toUrl).toList(), parent);
        try {
            int apiVersion = 0;
            boolean hasProviders = false;
            for (Path jar : jars) {
                JarInfo info = inspect(name, jar, loader);
                if (info.bundlesApi) {
                    LOG.warn("plugin '{}' bundles framework-api in {}; the framework's own copy is used instead. "
                            + "Declare framework-api as a provided dependency.", name, jar.getFileName());
                }
                if (!info.providers) {
                    continue;
                }
                hasProviders = true;
                int declared = declaredApiVersion(name, jar, info.manifest);
                if (declared != 0) {
                    apiVersion = declared;
                }
            }
            if (!hasProviders) {
                throw new PluginException(name, "plugin '" + name + "' (" + dir + ": " + names(jars)
                        + ") has no component providers: none of its jars lists a factory under " + SERVICES
                        + "org.pretrain4j.api.<Kind>Factory. Annotate the plugin's factories with "
                        + "@AutoService(BackboneFactory.class) (or the factory interface of their kind) and rebuild, "
                        + "or remove the directory.");
            }
            return new Plugin(name, dir, jars, loader, apiVersion);
        } catch (RuntimeException e) {
            closeQuietly(loader);
            throw e;
        }
    }

    /** Reads and checks the API version a provider jar declares; returns 0 (and warns) when it declares none. */
    private static int declaredApiVersion(String name, Path jar, Manifest manifest) {
        String value = manifest == null ? null : manifest.getMainAttributes().getValue(ApiVersion.MANIFEST_ATTRIBUTE);
        if (value == null) {
            LOG.warn("plugin '{}': {} does not declare the framework-api version it was built against. Add the "
                    + "manifest attribute {}: {} to it.", name, jar.getFileName(), ApiVersion.MANIFEST_ATTRIBUTE,
                    ApiVersion.CURRENT);
            return 0;
        }
        int declared;
        try {
            declared = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new PluginException(name, "plugin '" + name + "': " + jar.getFileName() + " declares "
                    + ApiVersion.MANIFEST_ATTRIBUTE + ": " + value + ", which is not a version number. Set it to "
                    + ApiVersion.CURRENT + " and rebuild the plugin.", e);
        }
        if (declared != ApiVersion.CURRENT) {
            throw new PluginException(name, "plugin '" + name + "': " + jar.getFileName()
                    + " was built against framework-api version " + declared + " (manifest attribute "
                    + ApiVersion.MANIFEST_ATTRIBUTE + ") but this pretrain4j provides version " + ApiVersion.CURRENT
                    + ". Rebuild the plugin against framework-api version " + ApiVersion.CURRENT
                    + ", or use a pretrain4j release that provides version " + declared + ".");
        }
        return declared;
    }

    /** What one jar holds that matters here. */
    private record JarInfo(Manifest manifest, boolean providers, boolean bundlesApi) {}

    private static JarInfo inspect(String name, Path jar, ClassLoader loader) {
        try (JarFile file = new JarFile(jar.toFile())) {
            boolean providers = false;
            boolean bundlesApi = false;
            for (JarEntry e : (Iterable<JarEntry>) file.stream()::iterator) {
                String entry = e.getName();
                if (entry.startsWith(SERVICES) && !e.isDirectory() && isFactoryService(
                        entry.substring(SERVICES.length()), loader)) {
                    providers = true;
                } else if (entry.equals("org/pretrain4j/api/ComponentFactory.class")) {
                    bundlesApi = true;
                }
            }
            return new JarInfo(file.getManifest(), providers, bundlesApi);
        } catch (IOException | RuntimeException e) {
            // A damaged zip surfaces as ZipException, or as runtime exceptions from the zip and manifest parsers.
            throw new PluginException(name, "plugin '" + name + "': cannot read " + jar + " (" + e.getMessage()
                    + "); the jar is damaged or not a jar. Rebuild or re-copy it.", e);
        }
    }

    /** Whether a service file names a component factory interface, i.e. registers components of some kind. */
    private static boolean isFactoryService(String service, ClassLoader loader) {
        try {
            return ComponentFactory.class.isAssignableFrom(Class.forName(service, false, loader));
        } catch (ClassNotFoundException | LinkageError e) {
            return false; // a service of some other library the plugin bundles
        }
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static URL toUrl(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("not a valid jar path: " + jar, e);
        }
    }

    private static String names(List<Path> jars) {
        return String.join(", ", jars.stream().map(p -> p.getFileName().toString()).toList());
    }

    /**
     * Closes a plugin's class loader, releasing its jar files; its classes must not be used afterwards.
     *
     * @param plugin the plugin
     */
    public static void closeQuietly(Plugin plugin) {
        closeQuietly(plugin.classLoader());
    }

    private static void closeQuietly(PluginClassLoader loader) {
        try {
            loader.close();
        } catch (IOException e) {
            LOG.debug("cannot close {}", loader, e);
        }
    }
}

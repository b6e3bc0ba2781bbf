package org.pretrain4j.core.registry;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.pretrain4j.api.ComponentFactory;
import org.pretrain4j.api.Kind;
import org.pretrain4j.api.PluginException;
import org.pretrain4j.api.RegistryException;
import org.pretrain4j.core.plugin.Plugin;
import org.pretrain4j.core.plugin.PluginClassLoader;

/**
 * All component factories visible to one class loader, grouped by {@link Kind}. Three verbs, as in Lucene's SPI
 * loaders: {@link #find look up by name}, {@link #entries list}, {@link #reload reload with another class loader}.
 *
 * <p>A kind's factories are loaded on first use, so a new kind needs no registration here. Lookup ignores case and
 * keeps the factory's own spelling for display. Two different classes claiming one name fail fast, naming both
 * classes and jars: there is no silent override.
 *
 * <p>Besides the class loader's own factories, a registry holds those of its {@link Plugin plugins}, each read
 * through the plugin's own class loader and remembered with the plugin's name. A plugin cannot override a type: the
 * same name in two plugins, or in a plugin and on the classpath, is an error naming both plugins and jars.
 */
public final class ComponentRegistry {
    private final ClassLoader loader;
    private final List<Plugin> plugins;
    private final Map<Kind<?>, Map<String, RegistryEntry>> byKind = new ConcurrentHashMap<>();

    private ComponentRegistry(ClassLoader loader, List<Plugin> plugins) {
        this.loader = requireNonNull(loader, "loader is null");
        this.plugins = List.copyOf(requireNonNull(plugins, "plugins is null"));
    }

    /**
     * A registry over the factories visible to a class loader.
     *
     * @param loader the class loader whose {@code META-INF/services} entries are read
     * @return the registry; nothing is loaded until first use
     */
    public static ComponentRegistry of(ClassLoader loader) {
        return new ComponentRegistry(loader, List.of());
    }

    /**
     * A registry over the factories visible to a class loader and those of some plugins.
     *
     * @param loader the class loader whose {@code META-INF/services} entries are read, usually the framework's
     * @param plugins plugins whose own factories are added, each loaded through its plugin class loader
     * @return the registry; nothing is loaded until first use (or {@link #validate()})
     */
    public static ComponentRegistry of(ClassLoader loader, List<Plugin> plugins) {
        return new ComponentRegistry(loader, plugins);
    }

    /**
     * The plugins whose factories this registry holds besides the class loader's.
     *
     * @return the plugins, possibly none
     */
    public List<Plugin> plugins() {
        return plugins;
    }

    /**
     * Loads every kind in {@link Kind#BUILT_IN} now, so that a broken provider or a clashing type name is reported
     * before any work starts rather than when a config first names that kind.
     *
     * @return this registry
     * @throws RegistryException if a provider cannot be loaded or two classes claim one name
     */
    public ComponentRegistry validate() {
        Kind.BUILT_IN.forEach(this::load);
        return this;
    }

    /**
     * A registry over this framework's own class loader (the classpath).
     *
     * @return the registry
     */
    public static ComponentRegistry ofClasspath() {
        return of(ComponentRegistry.class.getClassLoader());
    }

    /**
     * A fresh registry over another class loader, e.g. after jars were added; it keeps this registry's plugins.
     *
     * @param newLoader the class loader to read
     * @return a new registry; this one is unchanged
     */
    public ComponentRegistry reload(ClassLoader newLoader) {
        return of(newLoader, plugins);
    }

    /**
     * Looks up a type name in a kind and the kinds it includes, ignoring case.
     *
     * @param kind the kind
     * @param typeName the name as written in a config
     * @return the entry, or empty when no factory of that kind has the name
     * @throws RegistryException if the kind's providers cannot be loaded or two classes claim one name
     */
    public Optional<RegistryEntry> find(Kind<?> kind, String typeName) {
        String key = typeName.toLowerCase(Locale.ROOT);
        RegistryEntry hit = load(kind).get(key);
        if (hit != null) {
            return Optional.of(hit);
        }
        for (Kind<?> included : kind.includes()) {
            Optional<RegistryEntry> e = find(included, typeName);
            if (e.isPresent()) {
                return e;
            }
        }
        return Optional.empty();
    }

    /**
     * Lists a kind's entries, including those of the kinds it includes.
     *
     * @param kind the kind
     * @return the entries, sorted by type name
     */
    public List<RegistryEntry> entries(Kind<?> kind) {
        List<RegistryEntry> all = new ArrayList<>(load(kind).values());
        for (Kind<?> included : kind.includes()) {
            all.addAll(entries(included));
        }
        all.sort((a, b) -> a.typeName().compareToIgnoreCase(b.typeName()));
        return Collections.unmodifiableList(all);
    }

    /**
     * Lists every entry of the given kinds once, under the kind whose service interface its factory implements.
     *
     * @param kinds the kinds to list, e.g. {@link Kind#BUILT_IN}
     * @return the entries, grouped by kind in the given order, each group sorted by name
     */
    public List<RegistryEntry> entries(List<Kind<?>> kinds) {
        List<RegistryEntry> all = new ArrayList<>();
        for (Kind<?> kind : kinds) {
            List<RegistryEntry> own = new ArrayList<>(load(kind).values());
            own.sort((a, b) -> a.typeName().compareToIgnoreCase(b.typeName()));
            all.addAll(own);
        }
        return Collections.unmodifiableList(all);
    }

    private Map<String, RegistryEntry> load(Kind<?> kind) {
        return byKind.computeIfAbsent(kind, this::scan);
    }

    private Map<String, RegistryEntry> scan(Kind<?> kind) {
        Map<String, RegistryEntry> entries = new LinkedHashMap<>();
        scanClasspath(kind, entries);
        for (Plugin plugin : plugins) {
            scanPlugin(kind, plugin, entries);
        }
        return Collections.unmodifiableMap(entries);
    }

    private void scanClasspath(Kind<?> kind, Map<String, RegistryEntry> entries) {
        Iterator<?> it = ServiceLoader.load(kind.factoryType(), loader).iterator();
        while (true) {
            Object provider;
            try {
                if (!it.hasNext()) {
                    break;
                }
                provider = it.next();
            } catch (ServiceConfigurationError | LinkageError e) {
                throw new RegistryException("cannot load a " + kind + " provider listed in META-INF/services/"
                        + kind.factoryType().getName() + ": " + rootMessage(e)
                        + ". Remove the jar that lists it or add its missing dependencies.", e);
            }
            ComponentFactory<?, ?> factory = (ComponentFactory<?, ?>) provider;
            put(entries, new RegistryEntry(kind, factory, sourceOf(factory.getClass())));
        }
    }

    /**
     * Adds one plugin's own factories of a kind. The plugin's class loader also sees the classpath's service files
     * (so that libraries inside the plugin find the framework's services), so providers whose class the plugin's
     * loader did not define itself are skipped here: they were registered from the classpath already.
     */
    private static void scanPlugin(Kind<?> kind, Plugin plugin, Map<String, RegistryEntry> entries) {
        PluginClassLoader pluginLoader = plugin.classLoader();
        Iterator<? extends ServiceLoader.Provider<?>> it =
                ServiceLoader.load(kind.factoryType(), pluginLoader).stream().iterator();
        while (true) {
            ComponentFactory<?, ?> factory;
            try {
                if (!it.hasNext()) {
                    break;
                }
                ServiceLoader.Provider<?> provider = it.next();
                if (provider.type().getClassLoader() != pluginLoader) {
                    continue;
                }
                factory = (ComponentFactory<?, ?>) withContextLoader(pluginLoader, provider::get);
            } catch (ServiceConfigurationError | LinkageError | RuntimeException e) {
                String jars = serviceJars(kind, plugin);
                throw new PluginException(plugin.name(), "plugin '" + plugin.name() + "' (" + jars
                        + "): cannot load a " + kind + " provider listed in META-INF/services/"
                        + kind.factoryType().getName() + ": " + rootMessage(e) + ". If a class is missing, put the jar"
                        + " that holds it into " + plugin.directory() + " next to " + jars
                        + "; otherwise fix the provider's constructor or static initialiser and rebuild the plugin.",
                        e);
            }
            put(entries, new RegistryEntry(kind, factory, sourceOf(factory.getClass()), plugin.name()));
        }
    }

    /** Registers one entry, failing when another class already claims its name. */
    private static void put(Map<String, RegistryEntry> entries, RegistryEntry entry) {
        Kind<?> kind = entry.kind();
        ComponentFactory<?, ?> factory = entry.factory();
        String name = requireNonNull(factory.typeName(), () -> factory.getClass().getName() + ".typeName() is null");
        RegistryEntry previous = entries.putIfAbsent(name.toLowerCase(Locale.ROOT), entry);
        if (previous == null || previous.factory().getClass() == factory.getClass()) {
            return;
        }
        String message = kind + " type '" + name + "' is registered twice: by " + previous.className() + " ("
                + previous.describeSource() + ") as '" + previous.typeName() + "' and by " + entry.className()
                + " (" + entry.describeSource() + ") as '" + name + "'. Type names must be unique regardless of case";
        if (entry.plugin() == null) {
            throw new RegistryException(message + "; remove one of the jars.");
        }
        throw new PluginException(entry.plugin(), message + " and a plugin cannot override a type; "
                + (previous.plugin() == null
                        ? "rename the type in plugin '" + entry.plugin() + "', or, if " + entry.source()
                                + " is a copy of a bundled jar, remove it from the plugin (declare it provided)."
                        : "remove or rename one of the plugins '" + previous.plugin() + "' and '" + entry.plugin()
                                + "'."));
    }

    /** Names the plugin jars that list providers of a kind, for error messages. */
    private static String serviceJars(Kind<?> kind, Plugin plugin) {
        try {
            List<String> jars = new ArrayList<>();
            for (URL url : plugin.classLoader().ownResources("META-INF/services/"
                    + kind.factoryType().getName())) {
                String s = url.toString();
                int bang = s.indexOf("!/");
                String jar = bang < 0 ? s : s.substring(0, bang);
                jars.add(jar.substring(jar.lastIndexOf('/') + 1));
            }
            return jars.isEmpty() ? plugin.jarNames() : String.join(", ", jars);
        } catch (IOException e) {
            return plugin.jarNames();
        }
    }

    /**
     * Runs work with a class loader as the thread's context class loader, restoring the previous one afterwards.
     * Plugin code runs this way so that libraries it bundles, which look classes and services up through the context
     * class loader, find the plugin's own classes.
     *
     * @param contextLoader the context class loader for the duration of the work
     * @param work what to run
     * @param <R> the result type
     * @return the work's result
     */
    public static <R> R withContextLoader(ClassLoader contextLoader, Supplier<R> work) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(contextLoader);
        try {
            return work.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * Names a class's jar and, for a plugin's class, the plugin.
     *
     * @param type the class
     * @return e.g. {@code my-plugin.jar in plugin 'mine'}, or what {@link #sourceOf} says for other classes
     */
    public static String describeSource(Class<?> type) {
        String source = sourceOf(type);
        return type.getClassLoader() instanceof PluginClassLoader p
                ? source + " in plugin '" + p.pluginName() + "'" : source;
    }

    /**
     * The plugin a class came from.
     *
     * @param type the class
     * @return the plugin's name, or empty for classes on the framework's classpath
     */
    public static Optional<String> pluginOf(Class<?> type) {
        return type.getClassLoader() instanceof PluginClassLoader p ? Optional.of(p.pluginName()) : Optional.empty();
    }

    /**
     * Names the jar (or classes directory) a class was loaded from.
     *
     * @param type the class
     * @return the jar's file name, a directory path, or {@code <unknown>}
     */
    public static String sourceOf(Class<?> type) {
        CodeSource cs = type.getProtectionDomain().getCodeSource();
        if (cs == null || cs.getLocation() == null) {
            return "<unknown>";
        }
        try {
            Path p = Path.of(cs.getLocation().toURI());
            return p.toString().endsWith(".jar") ? p.getFileName().toString() : p.toString();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return cs.getLocation().toString();
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (caused by " + t + ")";
    }
}

package org.pretrain4j.core.registry;

import static java.util.Objects.requireNonNull;

import java.net.URISyntaxException;
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
import org.pretrain4j.api.ComponentFactory;
import org.pretrain4j.api.Kind;
import org.pretrain4j.api.RegistryException;

/**
 * All component factories visible to one class loader, grouped by {@link Kind}. Three verbs, as in Lucene's SPI
 * loaders: {@link #find look up by name}, {@link #entries list}, {@link #reload reload with another class loader}.
 *
 * <p>A kind's factories are loaded on first use, so a new kind needs no registration here. Lookup ignores case and
 * keeps the factory's own spelling for display. Two different classes claiming one name fail fast, naming both
 * classes and jars: there is no silent override.
 */
public final class ComponentRegistry {
    private final ClassLoader loader;
    private final Map<Kind<?>, Map<String, RegistryEntry>> byKind = new ConcurrentHashMap<>();

    private ComponentRegistry(ClassLoader loader) {
        this.loader = requireNonNull(loader, "loader is null");
    }

    /**
     * A registry over the factories visible to a class loader.
     *
     * @param loader the class loader whose {@code META-INF/services} entries are read
     * @return the registry; nothing is loaded until first use
     */
    public static ComponentRegistry of(ClassLoader loader) {
        return new ComponentRegistry(loader);
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
     * A fresh registry over another class loader, e.g. after plugins were added.
     *
     * @param newLoader the class loader to read
     * @return a new registry; this one is unchanged
     */
    public ComponentRegistry reload(ClassLoader newLoader) {
        return of(newLoader);
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
            RegistryEntry entry = new RegistryEntry(kind, factory, sourceOf(factory.getClass()));
            String name = requireNonNull(factory.typeName(), () -> factory.getClass().getName() + ".typeName() is null");
            RegistryEntry previous = entries.putIfAbsent(name.toLowerCase(Locale.ROOT), entry);
            if (previous != null && previous.factory().getClass() != factory.getClass()) {
                throw new RegistryException(kind + " type '" + name + "' is registered twice: by "
                        + previous.className() + " (" + previous.source() + ") as '" + previous.typeName()
                        + "' and by " + entry.className() + " (" + entry.source() + ") as '" + name
                        + "'. Type names must be unique regardless of case; remove one of the jars.");
            }
        }
        return Collections.unmodifiableMap(entries);
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

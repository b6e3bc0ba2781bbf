package org.pretrain4j.core.plugin;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The class loader of one plugin: child-first over the plugin's jars, parent-first for the shared packages.
 *
 * <p>Classes of the {@link #SHARED_PACKAGES shared packages} always come from the parent (the framework), so a
 * plugin's factories implement the very interfaces the framework looks up, and DJL with its native PyTorch library
 * is loaded once even if a plugin bundles a copy. Every other class is looked up in the plugin's own jars first and
 * only then in the parent; so two plugins can bundle different versions of one library, while a plugin may still
 * use a bundled framework module (e.g. shared layers) that it declared {@code provided}.
 *
 * <p>Resources follow the same rule. {@link #getResources} lists the plugin's own resources before the parent's,
 * which lets {@link java.util.ServiceLoader} running with this loader as context loader still find the framework's
 * services (DJL's engine provider, for one).
 */
public final class PluginClassLoader extends URLClassLoader {
    /** Packages (name prefixes) always loaded parent-first: the JDK and what plugins share with the framework. */
    public static final List<String> SHARED_PACKAGES = List.of(
            "java.", "javax.", "jdk.", "sun.", "com.sun.",
            "org.pretrain4j.api.", "ai.djl.", "org.slf4j.", "com.typesafe.config.");

    static {
        // Loading through per-class locks lets plugins load classes concurrently, as URLClassLoader does.
        registerAsParallelCapable();
    }

    private final String pluginName;

    /**
     * Creates the loader.
     *
     * @param pluginName the plugin's name, for error messages and provenance
     * @param jars the plugin's jars
     * @param parent the framework's class loader
     */
    public PluginClassLoader(String pluginName, List<URL> jars, ClassLoader parent) {
        super("plugin-" + requireNonNull(pluginName, "pluginName is null"),
                requireNonNull(jars, "jars is null").toArray(new URL[0]), requireNonNull(parent, "parent is null"));
        this.pluginName = pluginName;
    }

    /**
     * The plugin this loader belongs to.
     *
     * @return the plugin's name
     */
    public String pluginName() {
        return pluginName;
    }

    /**
     * Whether a class or package name belongs to the shared, parent-first packages.
     *
     * @param className a binary class name
     * @return true when the parent always loads it
     */
    public static boolean isShared(String className) {
        for (String prefix : SHARED_PACKAGES) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                if (isShared(name)) {
                    c = getParent().loadClass(name);
                } else {
                    try {
                        c = findClass(name);
                    } catch (ClassNotFoundException notOurs) {
                        c = getParent().loadClass(name);
                    }
                }
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    @Override
    public URL getResource(String name) {
        if (isSharedResource(name)) {
            return getParent().getResource(name);
        }
        URL own = findResource(name);
        return own != null ? own : getParent().getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        Set<URL> all = new LinkedHashSet<>();
        if (!isSharedResource(name)) {
            all.addAll(Collections.list(findResources(name)));
        }
        all.addAll(Collections.list(getParent().getResources(name)));
        return Collections.enumeration(new ArrayList<>(all));
    }

    /**
     * Lists only the plugin's own copies of a resource, without the parent's.
     *
     * @param name a resource name, e.g. {@code META-INF/services/org.pretrain4j.api.BackboneFactory}
     * @return the URLs inside the plugin's jars
     * @throws IOException if a jar cannot be read
     */
    public List<URL> ownResources(String name) throws IOException {
        return Collections.list(findResources(name));
    }

    private static boolean isSharedResource(String name) {
        return isShared(name.replace('/', '.'));
    }

    @Override
    public String toString() {
        return "PluginClassLoader[" + pluginName + "]";
    }
}

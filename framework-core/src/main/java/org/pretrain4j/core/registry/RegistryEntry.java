package org.pretrain4j.core.registry;

import static java.util.Objects.requireNonNull;

import org.pretrain4j.api.ComponentFactory;
import org.pretrain4j.api.Kind;

/**
 * One registered component type.
 *
 * @param kind the kind whose service interface the factory implements
 * @param factory the factory
 * @param source where the factory class came from: the jar's file name, or a classes directory
 * @param plugin the name of the plugin the factory came from, or null for factories on the framework's classpath
 */
public record RegistryEntry(Kind<?> kind, ComponentFactory<?, ?> factory, String source, String plugin) {
    /** What {@link #origin()} says for factories on the framework's own classpath. */
    public static final String CLASSPATH = "classpath";

    /**
     * Checks the fields.
     *
     * @param kind the kind
     * @param factory the factory
     * @param source the jar or directory
     * @param plugin the plugin's name, or null for the classpath
     */
    public RegistryEntry {
        requireNonNull(kind, "kind is null");
        requireNonNull(factory, "factory is null");
        requireNonNull(source, "source is null");
    }

    /**
     * An entry for a factory on the framework's classpath.
     *
     * @param kind the kind
     * @param factory the factory
     * @param source the jar or directory
     */
    public RegistryEntry(Kind<?> kind, ComponentFactory<?, ?> factory, String source) {
        this(kind, factory, source, null);
    }

    /**
     * Where the factory came from, for listings.
     *
     * @return the plugin's name, or {@value #CLASSPATH} for the framework's classpath
     */
    public String origin() {
        return plugin == null ? CLASSPATH : plugin;
    }

    /**
     * Says where the factory came from in a sentence fragment, for messages.
     *
     * @return e.g. {@code my-plugin-1.0.jar in plugin 'mine'}, or just the jar for the classpath
     */
    public String describeSource() {
        return plugin == null ? source : source + " in plugin '" + plugin + "'";
    }

    /**
     * The type name in its original spelling.
     *
     * @return e.g. {@code ResNet_CIFAR}
     */
    public String typeName() {
        return factory.typeName();
    }

    /**
     * The implementing factory class.
     *
     * @return its binary name
     */
    public String className() {
        return factory.getClass().getName();
    }
}

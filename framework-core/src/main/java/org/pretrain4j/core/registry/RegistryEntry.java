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
 */
public record RegistryEntry(Kind<?> kind, ComponentFactory<?, ?> factory, String source) {
    /**
     * Checks the fields.
     *
     * @param kind the kind
     * @param factory the factory
     * @param source the jar or directory
     */
    public RegistryEntry {
        requireNonNull(kind, "kind is null");
        requireNonNull(factory, "factory is null");
        requireNonNull(source, "source is null");
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

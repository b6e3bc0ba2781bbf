/**
 * The plugin contract of pretrain4j: component kinds, one factory SPI per kind, the build context and the
 * exception types.
 *
 * <p>A plugin implements a factory interface such as {@link org.pretrain4j.api.BackboneFactory}, annotates it with
 * {@code @AutoService(BackboneFactory.class)} and ships it in a jar. The framework finds it through
 * {@link java.util.ServiceLoader} and calls it when a config names its {@link
 * org.pretrain4j.api.ComponentFactory#typeName() type name}.
 */
package org.pretrain4j.api;

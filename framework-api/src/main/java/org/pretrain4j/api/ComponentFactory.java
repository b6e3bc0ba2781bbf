package org.pretrain4j.api;

import java.util.List;
import org.pretrain4j.api.config.ConfigView;

/**
 * The service-provider interface shared by every kind of component. Implement the kind's sub-interface (for example
 * {@link BackboneFactory}), not this one, so that {@link java.util.ServiceLoader} finds the factory.
 *
 * <p>A factory is stateless and has a public no-argument constructor. It turns config into a typed, validated
 * value ({@link #parseConfig}) and that value into a component ({@link #create}); the two steps are separate so that
 * plain Java code can build components without HOCON.
 *
 * @param <C> the typed config, usually a record
 * @param <T> the component this factory creates
 */
public interface ComponentFactory<C, T> {
    /**
     * The name configs use in {@code type = ...}, in mmpretrain's spelling (e.g. {@code ResNet_CIFAR}). Lookup is
     * case-insensitive; this spelling is what listings show.
     *
     * @return the type name
     */
    String typeName();

    /**
     * One sentence saying what the component is.
     *
     * @return the summary
     */
    String summary();

    /**
     * Every key {@link #parseConfig} reads, in the order {@code describe} shows them. The conformance test checks
     * that this list and the keys actually read agree.
     *
     * @return the parameter documentation
     */
    List<ParamDoc> parameters();

    /**
     * A tiny valid instance for the conformance test.
     *
     * @return the example
     */
    Example example();

    /**
     * Reads and validates the config. Reads every documented key (absent ones take their defaults) through the view,
     * which records what was read so the framework can reject unknown keys afterwards. Invalid values are reported
     * with {@link ConfigView#error}.
     *
     * @param config the component's config object (its {@code type} key is already consumed)
     * @return the typed config
     * @throws org.pretrain4j.api.config.ConfigException if a value is missing, of the wrong type or out of range
     */
    C parseConfig(ConfigView config);

    /**
     * Creates the component. Nested components (a head's loss, a classifier's backbone) are built through the
     * context, never by naming their classes.
     *
     * @param config the typed config from {@link #parseConfig}
     * @param context builds nested components
     * @return a new, uninitialised component
     */
    T create(C config, BuildContext context);
}

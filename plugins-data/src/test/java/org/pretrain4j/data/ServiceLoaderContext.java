package org.pretrain4j.data;

import java.util.ServiceLoader;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.ComponentFactory;
import org.pretrain4j.api.Kind;
import org.pretrain4j.api.TransformFactory;
import org.pretrain4j.api.config.ConfigView;

/**
 * A build context for this module's tests: builds the nested transforms of wrappers ({@code MultiView},
 * {@code RandomApply}) from the factories {@link ServiceLoader} finds, as the framework's builder would, without
 * depending on the framework.
 */
public final class ServiceLoaderContext implements BuildContext {
    /** The shared instance; it holds no state. */
    public static final BuildContext INSTANCE = new ServiceLoaderContext();

    private ServiceLoaderContext() {}

    @Override
    public <T> T build(Kind<T> kind, ConfigView config) {
        if (kind != Kind.TRANSFORM) {
            throw new AssertionError("data components build only nested transforms, not a " + kind);
        }
        String type = config.getString("type");
        for (TransformFactory<?> factory : ServiceLoader.load(TransformFactory.class)) {
            if (factory.typeName().equals(type)) {
                return kind.componentType().cast(create(factory, config));
            }
        }
        throw new AssertionError("no transform named " + type);
    }

    private <C, T> T create(ComponentFactory<C, T> factory, ConfigView config) {
        C parsed = factory.parseConfig(config);
        config.checkNoUnknownKeys();
        return factory.create(parsed, this);
    }
}

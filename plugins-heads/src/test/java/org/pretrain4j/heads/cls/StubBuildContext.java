package org.pretrain4j.heads.cls;

import java.util.Locale;
import java.util.ServiceLoader;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.ComponentFactory;
import org.pretrain4j.api.Kind;
import org.pretrain4j.api.config.ConfigView;

/**
 * A minimal stand-in for the core's builder: finds the factory of a kind by type name through
 * {@link ServiceLoader} (the loss plugins are on the test class path), parses, rejects unknown keys and creates.
 */
final class StubBuildContext implements BuildContext {
    @Override
    public <T> T build(Kind<T> kind, ConfigView config) {
        String type = config.getString("type");
        for (Object provider : ServiceLoader.load(kind.factoryType())) {
            ComponentFactory<?, ?> factory = (ComponentFactory<?, ?>) provider;
            if (factory.typeName().toLowerCase(Locale.ROOT).equals(type.toLowerCase(Locale.ROOT))) {
                return kind.componentType().cast(create(factory, config));
            }
        }
        throw config.error("type", "unknown " + kind + " type '" + type + "'");
    }

    private <C> Object create(ComponentFactory<C, ?> factory, ConfigView config) {
        C typed = factory.parseConfig(config);
        config.checkNoUnknownKeys();
        return factory.create(typed, this);
    }
}

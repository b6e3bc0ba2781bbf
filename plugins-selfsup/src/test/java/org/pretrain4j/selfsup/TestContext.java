package org.pretrain4j.selfsup;

import java.util.ServiceLoader;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.ComponentFactory;
import org.pretrain4j.api.Kind;
import org.pretrain4j.api.config.ConfigView;

/**
 * Builds nested components from the factories on the test classpath, as the framework's builder does, so tests can
 * assemble algorithms from HOCON. Unknown keys are errors.
 */
public final class TestContext implements BuildContext {
    /** The shared instance; it holds no state. */
    public static final TestContext INSTANCE = new TestContext();

    private TestContext() {}

    /**
     * Builds a component from HOCON through this context.
     *
     * @param kind the kind
     * @param hocon the config, with {@code type}
     * @param <T> the component type
     * @return the component
     */
    public static <T> T build(Kind<T> kind, String hocon) {
        return INSTANCE.build(kind, ConfigView.parse(hocon));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T build(Kind<T> kind, ConfigView config) {
        String type = config.getString("type");
        for (Object candidate : ServiceLoader.load(kind.factoryType())) {
            ComponentFactory<Object, T> factory = (ComponentFactory<Object, T>) candidate;
            if (factory.typeName().equalsIgnoreCase(type)) {
                Object parsed = factory.parseConfig(config);
                config.checkNoUnknownKeys();
                return factory.create(parsed, this);
            }
        }
        throw new IllegalArgumentException("no " + kind + " named " + type + " on the test classpath");
    }
}

package org.pretrain4j.api;

import java.util.Optional;
import org.pretrain4j.api.config.ConfigView;

/**
 * Builds nested components for a factory, so that the registry stays the only place mapping type names to classes.
 */
public interface BuildContext {
    /**
     * Builds the component described by {@code config}: reads its {@code type}, finds the factory of that kind,
     * parses and validates the rest of the keys and creates the component.
     *
     * @param kind the kind expected at this place in the config
     * @param config the component's config object, with a {@code type} key
     * @param <T> the component type
     * @return the new component
     * @throws org.pretrain4j.api.config.ConfigException if the type is unknown or the config is invalid
     */
    <T> T build(Kind<T> kind, ConfigView config);

    /**
     * Builds the component under {@code key} of {@code parent} if the key is present and not null.
     *
     * @param kind the kind expected under the key
     * @param parent the enclosing config object
     * @param key the key holding the nested component's config
     * @param <T> the component type
     * @return the component, or empty when the key is absent or null
     */
    default <T> Optional<T> buildOptional(Kind<T> kind, ConfigView parent, String key) {
        return parent.getOptionalView(key).map(view -> build(kind, view));
    }
}

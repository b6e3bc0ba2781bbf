package org.pretrain4j.api;

import org.pretrain4j.api.train.Hook;

/**
 * Service-provider interface for {@link Hook}s (Hooks for custom_hooks); annotate implementations with
 * {@code @AutoService(HookFactory.class)}.
 *
 * @param <C> the typed config
 */
public interface HookFactory<C> extends ComponentFactory<C, Hook> {}

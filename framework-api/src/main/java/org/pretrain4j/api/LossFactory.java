package org.pretrain4j.api;

import org.pretrain4j.api.model.Loss;

/**
 * Service-provider interface for {@link Loss}es; annotate implementations with {@code @AutoService(LossFactory.class)}.
 *
 * @param <C> the typed config
 */
public interface LossFactory<C> extends ComponentFactory<C, Loss> {}

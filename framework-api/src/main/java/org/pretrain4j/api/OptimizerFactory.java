package org.pretrain4j.api;

import org.pretrain4j.api.train.Optimizer;

/**
 * Service-provider interface for {@link Optimizer}s (Optimizers such as SGD); annotate implementations with
 * {@code @AutoService(OptimizerFactory.class)}.
 *
 * @param <C> the typed config
 */
public interface OptimizerFactory<C> extends ComponentFactory<C, Optimizer> {}

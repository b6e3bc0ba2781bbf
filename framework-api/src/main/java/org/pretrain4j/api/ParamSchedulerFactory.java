package org.pretrain4j.api;

import org.pretrain4j.api.train.ParamScheduler;

/**
 * Service-provider interface for {@link ParamScheduler}s (Learning-rate schedulers such as CosineAnnealingLR); annotate implementations with
 * {@code @AutoService(ParamSchedulerFactory.class)}.
 *
 * @param <C> the typed config
 */
public interface ParamSchedulerFactory<C> extends ComponentFactory<C, ParamScheduler> {}

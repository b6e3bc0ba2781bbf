package org.pretrain4j.api;

import org.pretrain4j.api.evaluation.Metric;

/**
 * Service-provider interface for {@link Metric}s (Metrics such as Accuracy); annotate implementations with
 * {@code @AutoService(MetricFactory.class)}.
 *
 * @param <C> the typed config
 */
public interface MetricFactory<C> extends ComponentFactory<C, Metric> {}

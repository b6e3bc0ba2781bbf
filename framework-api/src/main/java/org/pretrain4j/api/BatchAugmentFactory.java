package org.pretrain4j.api;

import org.pretrain4j.api.data.BatchAugment;

/**
 * Service-provider interface for {@link BatchAugment}s (Batch augments such as Mixup); annotate implementations with
 * {@code @AutoService(BatchAugmentFactory.class)}.
 *
 * @param <C> the typed config
 */
public interface BatchAugmentFactory<C> extends ComponentFactory<C, BatchAugment> {}

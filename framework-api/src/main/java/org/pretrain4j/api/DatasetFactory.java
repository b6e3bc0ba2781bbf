package org.pretrain4j.api;

import org.pretrain4j.api.data.Dataset;

/**
 * Service-provider interface for {@link Dataset}s (Datasets such as FashionMNIST or CustomDataset); annotate implementations with
 * {@code @AutoService(DatasetFactory.class)}.
 *
 * @param <C> the typed config
 */
public interface DatasetFactory<C> extends ComponentFactory<C, Dataset> {}

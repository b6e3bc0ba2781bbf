package org.pretrain4j.api;

import org.pretrain4j.api.data.Transform;

/**
 * Service-provider interface for {@link Transform}s (Per-sample transforms such as RandomCrop); annotate implementations with
 * {@code @AutoService(TransformFactory.class)}.
 *
 * @param <C> the typed config
 */
public interface TransformFactory<C> extends ComponentFactory<C, Transform> {}

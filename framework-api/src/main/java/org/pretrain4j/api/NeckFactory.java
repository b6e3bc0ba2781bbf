package org.pretrain4j.api;

import org.pretrain4j.api.model.Neck;

/**
 * Service-provider interface for {@link Neck}s; annotate implementations with {@code @AutoService(NeckFactory.class)}.
 *
 * @param <C> the typed config
 */
public interface NeckFactory<C> extends ComponentFactory<C, Neck> {}

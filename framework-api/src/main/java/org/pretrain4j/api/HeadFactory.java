package org.pretrain4j.api;

import org.pretrain4j.api.model.Head;

/**
 * Service-provider interface for {@link Head}s; annotate implementations with {@code @AutoService(HeadFactory.class)}.
 *
 * @param <C> the typed config
 */
public interface HeadFactory<C> extends ComponentFactory<C, Head> {}

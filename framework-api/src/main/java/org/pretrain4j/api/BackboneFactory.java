package org.pretrain4j.api;

import org.pretrain4j.api.model.Backbone;

/**
 * Service-provider interface for {@link Backbone}s; annotate implementations with
 * {@code @AutoService(BackboneFactory.class)}.
 *
 * @param <C> the typed config
 */
public interface BackboneFactory<C> extends ComponentFactory<C, Backbone> {}

package org.pretrain4j.api;

import org.pretrain4j.api.model.SelfSupervisor;

/**
 * Service-provider interface for self-supervised algorithms (MAE, SimCLR, ...); annotate implementations with
 * {@code @AutoService(SelfSupervisorFactory.class)}. They are usable wherever a config names a {@code model}.
 *
 * @param <C> the typed config
 */
public interface SelfSupervisorFactory<C> extends ComponentFactory<C, SelfSupervisor> {}

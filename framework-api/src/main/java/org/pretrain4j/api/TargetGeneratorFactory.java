package org.pretrain4j.api;

import org.pretrain4j.api.model.TargetGenerator;

/**
 * Service-provider interface for {@link TargetGenerator}s (MaskFeat's HOG, BEiT's tokenizers); annotate
 * implementations with {@code @AutoService(TargetGeneratorFactory.class)}.
 *
 * @param <C> the typed config
 */
public interface TargetGeneratorFactory<C> extends ComponentFactory<C, TargetGenerator> {}

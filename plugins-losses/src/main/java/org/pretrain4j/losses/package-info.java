/**
 * Losses with mmpretrain's weighted-loss semantics: an element-wise criterion, multiplied by an optional weight,
 * then reduced by {@code reduction} or divided by an explicit {@code avg_factor} (see {@link
 * org.pretrain4j.losses.WeightReduce}).
 *
 * <p>Registered types: classification {@code CrossEntropyLoss}, {@code LabelSmoothLoss}, {@code FocalLoss},
 * {@code AsymmetricLoss}, {@code SeesawLoss}; regression {@code L1Loss}, {@code MSELoss}; self-supervised
 * {@code CosineSimilarityLoss} and {@code PixelReconstructionLoss} (both {@link org.pretrain4j.api.model.MaskedLoss}:
 * no weight or avg_factor, an optional mask instead) and {@code CrossCorrelationLoss} (no target). Each has a
 * factory found through {@link java.util.ServiceLoader}, a record config and an {@link
 * org.pretrain4j.api.model.AbstractLoss} block; only {@code SeesawLoss} has state, its {@code cum_samples} buffer.
 */
package org.pretrain4j.losses;

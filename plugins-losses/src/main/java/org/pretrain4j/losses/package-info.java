/**
 * Losses with mmpretrain's weighted-loss semantics: an element-wise criterion, multiplied by an optional weight,
 * then reduced by {@code reduction} or divided by an explicit {@code avg_factor} (see {@link
 * org.pretrain4j.losses.WeightReduce}).
 *
 * <p>Registered types: {@code CrossEntropyLoss}, {@code LabelSmoothLoss} and {@code L1Loss}. Each has a factory found
 * through {@link java.util.ServiceLoader}, a record config and a parameter-free {@link
 * org.pretrain4j.api.model.AbstractLoss} block.
 */
package org.pretrain4j.losses;

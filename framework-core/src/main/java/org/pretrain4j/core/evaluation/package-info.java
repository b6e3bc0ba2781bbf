/**
 * mmpretrain's single-label evaluation metrics, {@code Accuracy}, {@code SingleLabelMetric} and
 * {@code ConfusionMatrix}, with its metric names ({@code accuracy/top1}, {@code single-label/precision}) and
 * semantics (percentages, a prediction counts only when its score is above the threshold, precision over
 * {@code max(predicted, 1)}). They accumulate counts batch by batch rather than keeping every score, so memory stays
 * flat however large the validation set.
 */
package org.pretrain4j.core.evaluation;

/**
 * mmpretrain's evaluation metrics with its metric names and semantics: single-label {@code Accuracy},
 * {@code SingleLabelMetric} and {@code ConfusionMatrix} ({@code accuracy/top1}, {@code single-label/precision};
 * percentages, a prediction counts only when its score is above the threshold, precision over
 * {@code max(predicted, 1)}), and multi-label {@code MultiLabelMetric} and {@code AveragePrecision}
 * ({@code multi-label/precision}, {@code multi-label/mAP}). All but {@code AveragePrecision} accumulate counts batch by
 * batch rather than keeping every score, so memory stays flat however large the validation set; AP needs every
 * score to rank the samples of each class.
 */
package org.pretrain4j.core.evaluation;

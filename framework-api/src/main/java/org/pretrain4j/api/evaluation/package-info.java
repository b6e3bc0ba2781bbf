/**
 * Evaluation contracts: metrics accumulate predictions batch by batch and report mmpretrain-named values such as
 * {@code accuracy/top1}.
 */
package org.pretrain4j.api.evaluation;

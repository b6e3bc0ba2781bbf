/**
 * {@code ImageClassifier}: backbone, optional neck and optional head, as in mmpretrain.
 */
package org.pretrain4j.core.classifier;

/**
 * Pooling necks: {@code GlobalAveragePooling} and {@code GeneralizedMeanPooling} turn each backbone stage output into
 * one feature vector per sample; {@link org.pretrain4j.heads.pooling.Pooling} holds the arithmetic they share with
 * the projection necks.
 */
package org.pretrain4j.heads.pooling;

/**
 * Building blocks shared by the heads and necks: the activations an {@code act_cfg} names
 * ({@link org.pretrain4j.heads.layers.ActivationType}) and the {@code BN1d} normalisation of a {@code norm_cfg}
 * ({@link org.pretrain4j.heads.layers.BatchNorm1dConfig}).
 */
package org.pretrain4j.heads.layers;

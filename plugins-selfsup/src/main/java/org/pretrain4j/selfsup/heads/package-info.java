/**
 * Heads of the siamese self-supervised algorithms, from mmpretrain's {@code heads/latent_heads.py}:
 * {@code LatentPredictHead} (BYOL, SimSiam: a predictor and a similarity loss against a detached target) and
 * {@code LatentCrossCorrelationHead} (Barlow Twins: the cross-correlation of two batch-normalised embeddings).
 * {@code ContrastiveHead} (SimCLR, MoCo) lives with SimCLR in {@code org.pretrain4j.selfsup.simclr}.
 */
package org.pretrain4j.selfsup.heads;

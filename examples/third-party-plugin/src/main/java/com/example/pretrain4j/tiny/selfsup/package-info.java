/**
 * Self-supervised pieces of the example plugin: {@code TinyRotationPrediction}, a complete pre-training algorithm
 * (predict by how much each image was rotated), and two building blocks of masked image modelling in the shape of
 * mmpretrain's MAE, {@link com.example.pretrain4j.tiny.selfsup.RandomMasking} (the backbone's {@code random_masking})
 * and {@link com.example.pretrain4j.tiny.selfsup.PatchReconstructionHead} ({@code MAEPretrainHead}'s
 * {@code patchify}, {@code norm_pix} and masked loss).
 */
package com.example.pretrain4j.tiny.selfsup;

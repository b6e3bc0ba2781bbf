/**
 * Layers shared by backbones and by the plugins built on them: normalisation and pooling with PyTorch's semantics
 * (BatchNorm2d, LayerNorm, Pool2d), DropPath, and the transformer parts of mmpretrain's ViT (PatchEmbed,
 * MultiheadAttention, FFN, LayerScale, TransformerEncoderLayer, position-embedding resizing). DJL lacks these or
 * implements them with different semantics, so each one here follows its PyTorch/mmcv counterpart exactly, child
 * and parameter names included, so that checkpoint keys line up.
 */
package org.pretrain4j.backbones.layers;

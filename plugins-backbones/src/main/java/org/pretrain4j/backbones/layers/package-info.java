/**
 * Layers shared by backbones and by the plugins built on them. DJL lacks these or implements them with different
 * semantics, so each one here follows its PyTorch / mmcv / mmpretrain counterpart exactly, state-dict names included:
 * {@link org.pretrain4j.backbones.layers.BatchNorm2d}, {@link org.pretrain4j.backbones.layers.DropPath},
 * {@link org.pretrain4j.backbones.layers.Pool2d}, mmcv's {@link org.pretrain4j.backbones.layers.ConvModule} and
 * activations ({@link org.pretrain4j.backbones.layers.Act}: ReLU6, HSwish, HSigmoid, ...), mmpretrain's
 * {@link org.pretrain4j.backbones.layers.MakeDivisible}, {@link org.pretrain4j.backbones.layers.SELayer} and
 * {@link org.pretrain4j.backbones.layers.InvertedResidual}; plus the plumbing the CNN backbones share:
 * {@link org.pretrain4j.backbones.layers.Steps}, {@link org.pretrain4j.backbones.layers.NamedSequence} and
 * {@link org.pretrain4j.backbones.layers.StagedBackbone} (stem, stages, {@code out_indices}, {@code frozen_stages});
 * from the ConvNeXt work: {@link org.pretrain4j.backbones.layers.LayerNorm2d}, the position-keyed containers
 * {@link org.pretrain4j.backbones.layers.Sequential} and {@link org.pretrain4j.backbones.layers.ModuleList}, and the
 * readers of mmcv's {@code norm_cfg} and {@code act_cfg}; and the transformer parts of mmpretrain's ViT
 * ({@link org.pretrain4j.backbones.layers.LayerNorm}, {@link org.pretrain4j.backbones.layers.PatchEmbed},
 * {@link org.pretrain4j.backbones.layers.MultiheadAttention}, {@link org.pretrain4j.backbones.layers.FFN},
 * {@link org.pretrain4j.backbones.layers.LayerScale}, {@link org.pretrain4j.backbones.layers.TransformerEncoderLayer},
 * position-embedding resizing).
 */
package org.pretrain4j.backbones.layers;

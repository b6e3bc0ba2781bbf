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
 * and from the ConvNeXt work: {@link org.pretrain4j.backbones.layers.LayerNorm2d}, the position-keyed containers
 * {@link org.pretrain4j.backbones.layers.Sequential} and {@link org.pretrain4j.backbones.layers.ModuleList}, and the
 * readers of mmcv's {@code norm_cfg} and {@code act_cfg}.
 */
package org.pretrain4j.backbones.layers;

/**
 * mmpretrain's {@code ConvNeXt} backbone (ConvNeXt v1 and, with {@code use_grn}, v2), with mmpretrain's parameter
 * names ({@code downsample_layers.0.0.weight}, {@code stages.0.0.depthwise_conv.weight}, {@code stages.0.0.gamma},
 * {@code norm3.weight}) so its checkpoints load unchanged.
 */
package org.pretrain4j.backbones.convnext;

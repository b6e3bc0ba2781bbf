/**
 * Layers shared by backbones and by the plugins built on them (DropPath, pooling with PyTorch's shape rules,
 * BatchNorm2d also serving as BatchNorm1d, LayerNorm2d, the position-keyed containers Sequential and ModuleList) and
 * the readers of mmcv's {@code norm_cfg} and {@code act_cfg}. DJL lacks these or implements them with different
 * semantics, so each one here follows its PyTorch/mmcv counterpart exactly.
 */
package org.pretrain4j.backbones.layers;

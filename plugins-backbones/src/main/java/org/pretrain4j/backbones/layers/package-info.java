/**
 * Layers shared by backbones and by the plugins built on them (DropPath, pooling with PyTorch's shape rules, ...).
 * DJL lacks these or implements them with different semantics, so each one here follows its PyTorch/mmcv
 * counterpart exactly.
 */
package org.pretrain4j.backbones.layers;

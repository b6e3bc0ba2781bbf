/**
 * Layers shared by backbones and by the plugins built on them. DJL lacks these or implements them with different
 * semantics, so each one here follows its PyTorch / mmcv / mmpretrain counterpart exactly, state-dict names included:
 * {@link org.pretrain4j.backbones.layers.BatchNorm2d}, {@link org.pretrain4j.backbones.layers.LayerNorm} ({@code LN}
 * and {@code LN2d}), {@link org.pretrain4j.backbones.layers.DropPath}, {@link org.pretrain4j.backbones.layers.Pool2d},
 * mmcv's {@link org.pretrain4j.backbones.layers.ConvModule}, mmpretrain's
 * {@link org.pretrain4j.backbones.layers.MakeDivisible}, {@link org.pretrain4j.backbones.layers.SELayer} and
 * {@link org.pretrain4j.backbones.layers.InvertedResidual}, and the transformer parts of mmpretrain's ViT
 * ({@link org.pretrain4j.backbones.layers.PatchEmbed}, {@link org.pretrain4j.backbones.layers.MultiheadAttention},
 * {@link org.pretrain4j.backbones.layers.FFN}, {@link org.pretrain4j.backbones.layers.LayerScale},
 * {@link org.pretrain4j.backbones.layers.TransformerEncoderLayer}, position-embedding resizing).
 *
 * <p>Config and plumbing every model plugin uses: the one reader of mmcv's {@code act_cfg} and activation type
 * ({@link org.pretrain4j.backbones.layers.Act}), the one reader of a batch-norm {@code norm_cfg}
 * ({@link org.pretrain4j.backbones.layers.BatchNormCfg}), PyTorch's default initialisation
 * ({@link org.pretrain4j.backbones.layers.TorchInit}); and the containers: {@link org.pretrain4j.backbones.layers.Steps}
 * (a run of blocks with activations, the engine of {@link org.pretrain4j.backbones.layers.StepsBlock}, which
 * {@link org.pretrain4j.backbones.layers.NamedSequence} — PyTorch's {@code nn.Sequential} — and the residual blocks
 * build on), {@link org.pretrain4j.backbones.layers.ModuleList} (PyTorch's {@code nn.ModuleList}: elements the owner
 * calls one by one, not a pipeline) and {@link org.pretrain4j.backbones.layers.StagedBackbone} (stem, stages,
 * {@code out_indices}, {@code frozen_stages}).
 */
package org.pretrain4j.backbones.layers;

/**
 * mmpretrain's {@code VisionTransformer} (ViT and DeiT architectures), built from the shared transformer layers of
 * {@code org.pretrain4j.backbones.layers}, with mmpretrain's state-dict names ({@code cls_token}, {@code pos_embed},
 * {@code patch_embed.projection.weight}, {@code layers.0.attn.qkv.weight}, {@code ln1.weight}, ...).
 */
package org.pretrain4j.backbones.vit;

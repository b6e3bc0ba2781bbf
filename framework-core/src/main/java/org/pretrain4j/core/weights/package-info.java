/**
 * Pretrained weights: converting torchvision and timm checkpoints to mmpretrain names
 * ({@link org.pretrain4j.core.weights.KeyConverter}), and loading weights named in configs, by {@code init_cfg} on a
 * component or {@code load_from} at the top level ({@link org.pretrain4j.core.weights.Pretrained}).
 */
package org.pretrain4j.core.weights;

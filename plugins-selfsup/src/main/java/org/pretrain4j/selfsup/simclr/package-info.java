/**
 * SimCLR (Chen et al., 2020): contrastive learning between two augmented views of each image, with mmpretrain's
 * {@code SimCLR} algorithm and its {@code ContrastiveHead} (also the head of MoCo).
 */
package org.pretrain4j.selfsup.simclr;

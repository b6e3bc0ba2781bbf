/**
 * Barlow Twins (Zbontar et al., 2021): the cross-correlation of two views' embeddings is pushed towards the
 * identity, mmpretrain's {@code BarlowTwins} algorithm with its {@code LatentCrossCorrelationHead}.
 */
package org.pretrain4j.selfsup.barlowtwins;

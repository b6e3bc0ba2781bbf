/**
 * mmpretrain's batch augments {@code Mixup} and {@code CutMix}: they mix each training batch with a random
 * permutation of itself, images and one-hot targets alike. All randomness comes from the batch's seeded generator
 * (Beta draws, permutation, box), so a seeded run mixes the same way every time.
 */
package org.pretrain4j.core.augment;

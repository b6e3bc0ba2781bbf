/**
 * BEiT v2 (Peng et al., 2022): masked image modelling against the visual tokens of a frozen vector-quantised
 * tokenizer. {@code BEiT}, {@code BEiTPretrainViT}, {@code BEiTV2Neck}, {@code BEiTV2Head} and the target generator
 * {@code VQKD} (with its {@code NormEMAVectorQuantizer}) are mmpretrain's components of those names.
 */
package org.pretrain4j.selfsup.beit;

/**
 * MaskFeat (Wei et al., 2022): masked feature prediction with HOG targets. {@code MaskFeat}, {@code MaskFeatViT}
 * and the target generator {@code HOGGenerator} are mmpretrain's components of those names.
 */
package org.pretrain4j.selfsup.maskfeat;

/**
 * MaskFeat (Wei et al., 2022): masked feature prediction with HOG targets. {@code HOGGenerator} is mmpretrain's
 * target generator of that name.
 */
package org.pretrain4j.selfsup.maskfeat;

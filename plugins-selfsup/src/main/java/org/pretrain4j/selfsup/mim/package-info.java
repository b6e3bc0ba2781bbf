/**
 * Parts shared by the masked-image-modelling algorithms (MAE, MaskFeat, ...): the base of their reconstruction heads
 * and mmpretrain's plain {@code MIMHead}.
 */
package org.pretrain4j.selfsup.mim;

/**
 * MAE (He et al., 2022): masked autoencoders. {@code MAE}, {@code MAEViT}, {@code MAEPretrainDecoder} and
 * {@code MAEPretrainHead} are mmpretrain's components of those names.
 */
package org.pretrain4j.selfsup.mae;

/**
 * MoCo v1/v2 (He et al., 2020; Chen et al., 2020): contrastive learning of queries against a momentum key encoder
 * and a queue of past keys, mmpretrain's {@code MoCo} algorithm; MoCo v2's projection is the {@code MoCoV2Neck}
 * of plugins-heads.
 */
package org.pretrain4j.selfsup.moco;

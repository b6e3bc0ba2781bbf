/**
 * SimSiam (Chen and He, 2021): two views through one network, each predicting the other's detached embedding,
 * mmpretrain's {@code SimSiam} algorithm with its {@code LatentPredictHead}.
 */
package org.pretrain4j.selfsup.simsiam;

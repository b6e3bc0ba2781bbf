/**
 * BYOL (Grill et al., 2020): an online network predicts a momentum target network's embedding of the other view,
 * mmpretrain's {@code BYOL} algorithm with its {@code LatentPredictHead}.
 */
package org.pretrain4j.selfsup.byol;

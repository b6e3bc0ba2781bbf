/**
 * Self-supervised pre-training algorithms (MAE, SimCLR, BYOL, ...) with their own backbones, necks, heads and
 * target generators, one package per algorithm. {@link org.pretrain4j.selfsup.SelfSupervisorSpec} reads the config
 * keys all of them share, those of mmpretrain's {@code BaseSelfSupervisor}.
 */
package org.pretrain4j.selfsup;

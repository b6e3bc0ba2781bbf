/**
 * Self-supervised pre-training algorithms (MAE, SimCLR, BYOL, ...) with their own backbones, necks, heads and
 * target generators. The algorithms arrive with the self-supervised issue; the module exists now so that the
 * build, the distribution and the plugin layout are final.
 */
package org.pretrain4j.selfsup;

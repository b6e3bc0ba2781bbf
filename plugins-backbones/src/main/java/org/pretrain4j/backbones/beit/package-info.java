/**
 * BEiT's vision transformer ({@code BEiTViT}) and its encoder layer, shared by the BEiT pre-training components of
 * the self-supervised plugin.
 */
package org.pretrain4j.backbones.beit;

/**
 * Classification heads: {@code ClsHead} (pre-logits are already class scores) and, on the common base
 * {@code LayerClsHead}, {@code LinearClsHead} (one {@code fc} layer) and {@code VisionTransformerClsHead} (optional
 * Tanh hidden layer, zero-initialised classifier). All compute their loss with avg_factor = batch size and predict
 * softmax scores and arg-max labels, as mmpretrain's heads do.
 */
package org.pretrain4j.heads.cls;

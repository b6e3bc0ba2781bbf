/**
 * Classification heads: {@code ClsHead} (pre-logits are already class scores) and {@code LinearClsHead} (one
 * {@code fc} layer). Both compute their loss with avg_factor = batch size and predict softmax scores and arg-max
 * labels, as mmpretrain's heads do.
 */
package org.pretrain4j.heads.cls;

/**
 * Classification heads, as mmpretrain's: {@code ClsHead} (pre-logits are already class scores),
 * {@code LinearClsHead} (one {@code fc} layer), {@code StackedLinearClsHead} (hidden {@code fc} layers, then
 * {@code fc}), {@code VisionTransformerClsHead} (optional Tanh hidden layer, zero-initialised classifier), and the
 * multi-label {@code MultiLabelClsHead} and {@code MultiLabelLinearClsHead}. All compute their loss with
 * avg_factor = batch size; single-label heads predict softmax scores and arg-max labels, multi-label heads sigmoid
 * scores and the classes at or above a threshold ({@link org.pretrain4j.heads.cls.Labeling}).
 */
package org.pretrain4j.heads.cls;

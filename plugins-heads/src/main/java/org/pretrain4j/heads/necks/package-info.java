/**
 * Projection necks: {@code LinearNeck} (Linear, batch norm, activation), {@code NonLinearNeck} (the MLP projector of
 * SimCLR, BYOL and SimSiam) and {@code ClsBatchNormNeck} (MAE's linear-probe batch norm). Pooling necks live in
 * {@code org.pretrain4j.heads.pooling}. mmpretrain's necks take and return tuples; here they take and return an
 * {@code NDList}, as {@code GlobalAveragePooling} does.
 */
package org.pretrain4j.heads.necks;

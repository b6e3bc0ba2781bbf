/**
 * Optimizers with PyTorch's exact update rules ({@code SGD}, {@code Adam}, {@code AdamW}), mmengine's
 * {@code paramwise_cfg} parameter groups ({@link org.pretrain4j.core.optim.ParamGroups}) and gradient clipping by
 * global norm ({@link org.pretrain4j.core.optim.GradientClipper}).
 *
 * <p>Updates are in place on the parameter arrays; every temporary goes to the step's scratch manager, and state
 * (momentum buffers, moments, step counters) to a manager the optimizer owns, keyed by the parameter's PyTorch name
 * so checkpoints can save and restore it exactly.
 */
package org.pretrain4j.core.optim;

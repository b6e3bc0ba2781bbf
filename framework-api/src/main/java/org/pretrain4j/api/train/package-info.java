/**
 * Training contracts: optimizers that update named parameters with per-parameter multipliers, learning-rate
 * schedulers in mmengine's {@code param_scheduler} form, and hooks called by the training loop.
 */
package org.pretrain4j.api.train;

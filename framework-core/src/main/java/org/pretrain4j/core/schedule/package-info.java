/**
 * Learning-rate schedulers in mmengine's {@code param_scheduler} form ({@code LinearLR}, {@code MultiStepLR},
 * {@code StepLR}, {@code CosineAnnealingLR}) and {@link org.pretrain4j.core.schedule.LrSchedule}, which composes a
 * list of them into the learning rate of each iteration in closed form.
 */
package org.pretrain4j.core.schedule;

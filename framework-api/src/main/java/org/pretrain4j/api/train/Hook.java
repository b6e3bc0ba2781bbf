package org.pretrain4j.api.train;

/**
 * Code called at points of the training loop, like mmengine's hooks; configured under {@code custom_hooks}. Every
 * method does nothing by default.
 *
 * <p>A block of the trained model may implement this interface too: the trainer finds such blocks by walking the
 * model's block tree (depth first, parents before children) and calls them before the configured hooks at every
 * point. That is how model parts with training-time state follow the loop without configuration, e.g. an EMA teacher
 * that needs the run's total iterations ({@link org.pretrain4j.api.model.CosineEMA}) or an update to run after each
 * optimizer step ({@link #afterTrainIter}).
 */
public interface Hook {
    /**
     * Before the first iteration (also after a resume).
     *
     * @param info the run state
     */
    default void beforeTrain(RunInfo info) {}

    /**
     * After each training iteration; {@code info.values()} holds the iteration's losses. Reading them costs a sync
     * with the native side, which the framework only pays at logging intervals.
     *
     * @param info the run state
     */
    default void afterTrainIter(RunInfo info) {}

    /**
     * After each training epoch.
     *
     * @param info the run state
     */
    default void afterTrainEpoch(RunInfo info) {}

    /**
     * After each validation; {@code info.values()} holds the metrics.
     *
     * @param info the run state
     */
    default void afterVal(RunInfo info) {}

    /**
     * After the last iteration.
     *
     * @param info the run state
     */
    default void afterTrain(RunInfo info) {}
}

package org.pretrain4j.api.train;

/**
 * Code called at points of the training loop, like mmengine's hooks; configured under {@code custom_hooks}. Every
 * method does nothing by default.
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

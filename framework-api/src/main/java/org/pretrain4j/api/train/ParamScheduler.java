package org.pretrain4j.api.train;

/**
 * A learning-rate scheduler in mmengine's {@code param_scheduler} form: active on {@code [begin, end)}, counted in
 * epochs when {@code by_epoch} (and then converted to iterations if {@code convert_to_iter_based}), else in
 * iterations. Schedulers in a list are applied in order to the value left by the previous one, like mmengine's.
 */
public interface ParamScheduler {
    /**
     * Whether begin and end count epochs.
     *
     * @return mmengine's {@code by_epoch}
     */
    boolean byEpoch();

    /**
     * Whether an epoch-based window is stepped every iteration.
     *
     * @return mmengine's {@code convert_to_iter_based}
     */
    boolean convertToIterBased();

    /**
     * First step (epoch or iteration) the scheduler is active.
     *
     * @return begin
     */
    int begin();

    /**
     * First step past the window, or {@link Integer#MAX_VALUE} for "until training ends".
     *
     * @return end
     */
    int end();

    /**
     * The value at a position of the window.
     *
     * @param base the optimizer's base value
     * @param current the value left by earlier schedulers at this step
     * @param t steps since {@code begin}, in the scheduler's unit (fractional when converted to iterations)
     * @param length the window's length in the same unit
     * @return the new value
     */
    double apply(double base, double current, double t, double length);
}

package org.pretrain4j.core.schedule;

import static java.util.Objects.requireNonNull;

import org.pretrain4j.api.train.ParamScheduler;

/**
 * Base of the built-in schedulers: a closed form of mmengine's chained scheduler, evaluated at a step of its window.
 *
 * <p>{@link LrSchedule} calls {@link #value} with the exact step count of the window (iterations for converted
 * schedulers) and the number of iterations per epoch, which mmengine's converted schedulers need: a converted
 * {@code LinearLR} ramps over {@code (end - begin) * ipe - 1} iterations, and a converted {@code MultiStepLR}'s
 * milestones are {@code milestone * ipe} iterations. The API's {@link #apply} has no such count; it treats its
 * {@code t} and {@code length} as steps of one unit each.
 */
abstract class WindowScheduler implements ParamScheduler {
    private final Window window;

    WindowScheduler(Window window) {
        this.window = requireNonNull(window, "window is null");
    }

    /**
     * The window.
     *
     * @return begin, end and units
     */
    public Window window() {
        return window;
    }

    @Override
    public boolean byEpoch() {
        return window.byEpoch();
    }

    @Override
    public boolean convertToIterBased() {
        return window.convertToIterBased();
    }

    @Override
    public int begin() {
        return window.begin();
    }

    @Override
    public int end() {
        return window.end();
    }

    @Override
    public double apply(double base, double current, double t, double length) {
        return value(base, current, t, length, 1);
    }

    /**
     * The value at a step of the window.
     *
     * @param base the optimizer's base value
     * @param current the value left by the schedulers before this one at this step
     * @param step steps since the window began, in {@code [0, steps)}
     * @param steps the window's length in steps
     * @param stepsPerUnit steps per unit of the scheduler's own counts (milestones, step_size, T_max): the
     *     iterations per epoch when converted to iteration-based, else 1
     * @return the new value
     */
    abstract double value(double base, double current, double step, double steps, double stepsPerUnit);
}

package org.pretrain4j.core.schedule;

import static java.util.Objects.requireNonNull;

/**
 * mmengine's {@code StepLR}: multiplies the value by {@code gamma} every {@code step_size} steps of its window,
 * i.e. by {@code gamma^floor(t / step_size)}; converted to iteration-based, {@code step_size} is multiplied by the
 * iterations per epoch. After the window the last value stays.
 */
public final class StepLr extends WindowScheduler {
    private final StepLrConfig config;

    /**
     * Creates the scheduler.
     *
     * @param config the step size, gamma and window
     */
    public StepLr(StepLrConfig config) {
        super(requireNonNull(config, "config is null").window());
        this.config = config;
    }

    /**
     * The config.
     *
     * @return the step size, gamma and window
     */
    public StepLrConfig config() {
        return config;
    }

    @Override
    double value(double base, double current, double step, double steps, double stepsPerUnit) {
        return current * Math.pow(config.gamma(), Math.floor(step / (config.stepSize() * stepsPerUnit)));
    }
}

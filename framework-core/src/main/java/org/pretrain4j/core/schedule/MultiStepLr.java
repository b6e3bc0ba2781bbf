package org.pretrain4j.core.schedule;

import static java.util.Objects.requireNonNull;

/**
 * mmengine's {@code MultiStepLR}: multiplies the value by {@code gamma} once for every milestone reached. Milestones
 * count from the window's {@code begin} (mmengine compares them with the scheduler's own step count), in the
 * scheduler's unit; converted to iteration-based they are {@code milestone * iters_per_epoch} iterations. A milestone
 * given twice counts twice. After the window the last value stays.
 */
public final class MultiStepLr extends WindowScheduler {
    private final MultiStepLrConfig config;

    /**
     * Creates the scheduler.
     *
     * @param config the milestones, gamma and window
     */
    public MultiStepLr(MultiStepLrConfig config) {
        super(requireNonNull(config, "config is null").window());
        this.config = config;
    }

    /**
     * The config.
     *
     * @return the milestones, gamma and window
     */
    public MultiStepLrConfig config() {
        return config;
    }

    @Override
    double value(double base, double current, double step, double steps, double stepsPerUnit) {
        int reached = 0;
        for (int m : config.milestones()) {
            if (m * stepsPerUnit <= step) {
                reached++;
            }
        }
        return current * Math.pow(config.gamma(), reached);
    }
}

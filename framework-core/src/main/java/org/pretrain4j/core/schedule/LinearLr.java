package org.pretrain4j.core.schedule;

import static java.util.Objects.requireNonNull;

/**
 * mmengine's {@code LinearLR} (warm-up): multiplies the value by a factor that moves linearly from
 * {@code start_factor} on the window's first step to {@code end_factor} on its last, i.e. over
 * {@code total = steps - 1} steps (mmengine's {@code total_iters = end - begin - 1}):
 * {@code factor(t) = start + (end - start) * min(t, total) / total}. After the window the last factor stays, as the
 * chained mmengine scheduler leaves the value where it ended.
 */
public final class LinearLr extends WindowScheduler {
    private final LinearLrConfig config;

    /**
     * Creates the scheduler.
     *
     * @param config the factors and window
     */
    public LinearLr(LinearLrConfig config) {
        super(requireNonNull(config, "config is null").window());
        this.config = config;
    }

    /**
     * The config.
     *
     * @return the factors and window
     */
    public LinearLrConfig config() {
        return config;
    }

    @Override
    double value(double base, double current, double step, double steps, double stepsPerUnit) {
        double total = steps - 1;
        double factor = total <= 0 ? config.startFactor()
                : config.startFactor() + (config.endFactor() - config.startFactor()) * Math.min(step, total) / total;
        return current * factor;
    }
}

package org.pretrain4j.core.schedule;

import static java.util.Objects.requireNonNull;

/**
 * mmengine's {@code CosineAnnealingLR}, in closed form:
 * {@code eta_min + (current - eta_min) * (1 + cos(pi * t / T_max)) / 2}, where {@code current} is the value the
 * earlier schedulers leave at this step (the base value, or where a finished warm-up left it) and
 * {@code eta_min = base * eta_min_ratio} when a ratio is given. {@code T_max} defaults to the window's length; given,
 * it counts the scheduler's unit (times the iterations per epoch when converted). Past {@code T_max} the cosine goes
 * on, as mmengine's does; after the window the last value stays.
 *
 * <p>mmengine's chained form gives the same values when no earlier scheduler changes the value inside this window.
 * With {@code paramwise_cfg} lr_mult the absolute {@code eta_min} is scaled with the rest of the learning rate here,
 * while mmengine keeps it absolute per parameter group.
 */
public final class CosineAnnealingLr extends WindowScheduler {
    private final CosineAnnealingLrConfig config;

    /**
     * Creates the scheduler.
     *
     * @param config T_max, eta_min or eta_min_ratio, and the window
     */
    public CosineAnnealingLr(CosineAnnealingLrConfig config) {
        super(requireNonNull(config, "config is null").window());
        this.config = config;
    }

    /**
     * The config.
     *
     * @return T_max, eta_min or eta_min_ratio, and the window
     */
    public CosineAnnealingLrConfig config() {
        return config;
    }

    @Override
    double value(double base, double current, double step, double steps, double stepsPerUnit) {
        double tMax = config.tMax() != null ? config.tMax() * stepsPerUnit : steps;
        double etaMin = config.etaMinRatio() != null ? base * config.etaMinRatio() : config.etaMin();
        return etaMin + (current - etaMin) * (1 + Math.cos(Math.PI * step / tMax)) / 2;
    }
}

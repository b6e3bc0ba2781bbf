package org.pretrain4j.core.schedule;

import static java.util.Objects.requireNonNull;

/**
 * Typed config of {@link StepLr}.
 *
 * @param stepSize the period of the decay, &gt; 0
 * @param gamma the decay factor
 * @param window the window
 */
public record StepLrConfig(int stepSize, double gamma, Window window) {
    /**
     * Checks the step size.
     *
     * @param stepSize the period
     * @param gamma the factor
     * @param window the window
     */
    public StepLrConfig {
        requireNonNull(window, "window is null");
        if (stepSize <= 0) {
            throw new IllegalArgumentException("step_size must be > 0, got " + stepSize);
        }
    }
}

package org.pretrain4j.core.schedule;

import static java.util.Objects.requireNonNull;

/**
 * Typed config of {@link LinearLr}.
 *
 * @param startFactor the factor on the window's first step, in [0, 1]
 * @param endFactor the factor on its last step, in [0, 1]
 * @param window the window
 */
public record LinearLrConfig(double startFactor, double endFactor, Window window) {
    /**
     * Checks the factors as mmengine does.
     *
     * @param startFactor the start factor
     * @param endFactor the end factor
     * @param window the window
     */
    public LinearLrConfig {
        requireNonNull(window, "window is null");
        if (!(startFactor >= 0 && startFactor <= 1)) {
            throw new IllegalArgumentException("start_factor must be in [0, 1], got " + startFactor);
        }
        if (!(endFactor >= 0 && endFactor <= 1)) {
            throw new IllegalArgumentException("end_factor must be in [0, 1], got " + endFactor);
        }
    }
}

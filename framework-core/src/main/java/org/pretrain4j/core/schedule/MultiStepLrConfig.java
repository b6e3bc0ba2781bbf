package org.pretrain4j.core.schedule;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Typed config of {@link MultiStepLr}.
 *
 * @param milestones the steps (from {@code begin}) at which to decay, each &gt;= 0
 * @param gamma the decay factor
 * @param window the window
 */
public record MultiStepLrConfig(List<Integer> milestones, double gamma, Window window) {
    /**
     * Copies and checks the milestones.
     *
     * @param milestones the milestones
     * @param gamma the factor
     * @param window the window
     */
    public MultiStepLrConfig {
        milestones = List.copyOf(milestones);
        requireNonNull(window, "window is null");
        for (int m : milestones) {
            if (m < 0) {
                throw new IllegalArgumentException("milestones must be >= 0, got " + milestones);
            }
        }
    }
}

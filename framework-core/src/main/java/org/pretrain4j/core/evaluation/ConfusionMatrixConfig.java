package org.pretrain4j.core.evaluation;

/**
 * Typed config of {@link ConfusionMatrix}.
 *
 * @param numClasses the expected number of classes, or 0 to take it from the scores
 */
public record ConfusionMatrixConfig(int numClasses) {
    /**
     * Checks the config.
     *
     * @param numClasses expected classes or 0
     */
    public ConfusionMatrixConfig {
        if (numClasses < 0) {
            throw new IllegalArgumentException("numClasses must be positive, or 0 for unknown");
        }
    }

    /**
     * The default: class count taken from the scores.
     *
     * @return the default config
     */
    public static ConfusionMatrixConfig defaults() {
        return new ConfusionMatrixConfig(0);
    }
}

package org.pretrain4j.core.evaluation;

/**
 * Typed config of {@link AveragePrecision}.
 *
 * @param average {@code macro} for the mean over classes (mAP), or {@code null} for one value per class
 */
public record AveragePrecisionConfig(String average) {
    /**
     * Checks the averaging mode.
     *
     * @param average macro or null
     * @throws IllegalArgumentException for another value
     */
    public AveragePrecisionConfig {
        if (average != null && !average.equals("macro")) {
            throw new IllegalArgumentException("average must be macro or null, got " + average);
        }
    }
}

package org.pretrain4j.data.datasets;

import static java.util.Objects.requireNonNull;

/**
 * Typed config of {@code FashionMNIST} and {@code MNIST}.
 *
 * @param dataRoot the directory holding the four IDX files
 * @param split {@code train} or {@code test}
 * @param classes an optional class-name override
 */
public record MnistConfig(String dataRoot, String split, ClassNames classes) {
    /**
     * Checks the config.
     *
     * @param dataRoot the directory
     * @param split the split
     * @param classes the override
     */
    public MnistConfig {
        requireNonNull(dataRoot, "dataRoot is null");
        requireNonNull(classes, "classes is null");
        if (!split.equals("train") && !split.equals("test")) {
            throw new IllegalArgumentException("split must be train or test, got " + split);
        }
    }
}

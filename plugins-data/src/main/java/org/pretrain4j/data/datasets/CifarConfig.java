package org.pretrain4j.data.datasets;

import static java.util.Objects.requireNonNull;

/**
 * Typed config of {@code CIFAR10} and {@code CIFAR100}.
 *
 * @param dataRoot the directory holding the binary batches, or their standard sub-directory
 * @param split {@code train} or {@code test}
 * @param classes an optional class-name override
 */
public record CifarConfig(String dataRoot, String split, ClassNames classes) {
    /**
     * Checks the config.
     *
     * @param dataRoot the directory
     * @param split the split
     * @param classes the override
     */
    public CifarConfig {
        requireNonNull(dataRoot, "dataRoot is null");
        requireNonNull(classes, "classes is null");
        if (!split.equals("train") && !split.equals("test")) {
            throw new IllegalArgumentException("split must be train or test, got " + split);
        }
    }
}

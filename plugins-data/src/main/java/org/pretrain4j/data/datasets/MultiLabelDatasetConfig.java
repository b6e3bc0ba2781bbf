package org.pretrain4j.data.datasets;

import static java.util.Objects.requireNonNull;

/**
 * Typed config of {@code MultiLabelDataset}, with mmpretrain's keys.
 *
 * @param dataRoot the root {@code annFile} and {@code dataPrefix} are relative to
 * @param dataPrefix the image folder under {@code dataRoot}; {@code img_path}s are relative to it
 * @param annFile the JSON annotation file under {@code dataRoot}
 * @param classes an optional class-name override
 */
public record MultiLabelDatasetConfig(String dataRoot, String dataPrefix, String annFile, ClassNames classes) {
    /**
     * Checks the config.
     *
     * @param dataRoot the root
     * @param dataPrefix the image folder
     * @param annFile the annotation file
     * @param classes the override
     */
    public MultiLabelDatasetConfig {
        requireNonNull(dataRoot, "dataRoot is null");
        requireNonNull(dataPrefix, "dataPrefix is null");
        requireNonNull(annFile, "annFile is null");
        requireNonNull(classes, "classes is null");
    }
}

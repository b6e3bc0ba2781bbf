package org.pretrain4j.data.datasets;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Typed config of {@code CustomDataset}, with mmpretrain's keys.
 *
 * @param dataRoot the root every other path is relative to
 * @param dataPrefix the image folder under {@code dataRoot}
 * @param annFile the annotation file under {@code dataRoot}, or empty for the ImageFolder layout
 * @param withLabel whether items carry labels
 * @param extensions the accepted file suffixes, matched case-insensitively
 * @param classes an optional class-name override
 */
public record CustomDatasetConfig(String dataRoot, String dataPrefix, String annFile, boolean withLabel,
        List<String> extensions, ClassNames classes) {
    /** mmpretrain's default suffixes. */
    public static final List<String> DEFAULT_EXTENSIONS =
            List.of(".jpg", ".jpeg", ".png", ".ppm", ".bmp", ".pgm", ".tif");

    /**
     * Checks the config.
     *
     * @param dataRoot the root
     * @param dataPrefix the image folder
     * @param annFile the annotation file or empty
     * @param withLabel whether items carry labels
     * @param extensions the suffixes
     * @param classes the override
     */
    public CustomDatasetConfig {
        requireNonNull(dataRoot, "dataRoot is null");
        requireNonNull(dataPrefix, "dataPrefix is null");
        requireNonNull(annFile, "annFile is null");
        extensions = List.copyOf(extensions);
        requireNonNull(classes, "classes is null");
    }
}

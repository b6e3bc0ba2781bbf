package org.pretrain4j.api.data;

/**
 * One dataset item as it travels through the transform pipeline.
 *
 * @param index the item's position in its dataset
 * @param image the image, or null until a loading transform ({@code LoadImageFromFile}) decodes {@code path}
 * @param label the class index, or -1 when the item has none
 * @param path the file the item came from, or null for items read from array files
 */
public record Sample(int index, Image image, int label, String path) {
    /**
     * The same sample with another image.
     *
     * @param newImage the transformed image
     * @return a new sample
     */
    public Sample withImage(Image newImage) {
        return new Sample(index, newImage, label, path);
    }

    /**
     * Names the sample in error messages.
     *
     * @return the path, or {@code sample #index}
     */
    public String describe() {
        return path != null ? path : "sample #" + index;
    }
}

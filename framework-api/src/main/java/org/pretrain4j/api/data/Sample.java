package org.pretrain4j.api.data;

/**
 * One dataset item as it travels through the transform pipeline.
 *
 * <p>An item is either single-label ({@code label} is its class, {@code labelSet} is null) or multi-label
 * ({@code labelSet} holds its classes, possibly none, and {@code label} is -1), as mmpretrain's {@code gt_label} holds
 * one index or several. The loader turns a batch with multi-label items into dense multi-hot targets
 * {@code (N, classes)}; batches of single-label items keep class indices {@code (N)}.
 *
 * @param index the item's position in its dataset
 * @param image the image, or null until a loading transform ({@code LoadImageFromFile}) decodes {@code path}
 * @param label the class index, or -1 when the item has none or is multi-label
 * @param path the file the item came from, or null for items read from array files
 * @param labelSet the classes of a multi-label item, ascending and without repeats, or null for a single-label item;
 *     shared, not copied (like {@link Image#pixels()}), so it must not be modified
 */
public record Sample(int index, Image image, int label, String path, int[] labelSet) {
    /**
     * Checks that a multi-label item has no single label and no negative class.
     *
     * @param index the position
     * @param image the image or null
     * @param label the class index or -1
     * @param path the file or null
     * @param labelSet the classes of a multi-label item, or null
     * @throws IllegalArgumentException if {@code labelSet} is given with a label other than -1 or holds a negative
     *     class
     */
    public Sample {
        if (labelSet != null) {
            if (label != -1) {
                throw new IllegalArgumentException("a multi-label sample has label -1, got " + label);
            }
            for (int c : labelSet) {
                if (c < 0) {
                    throw new IllegalArgumentException("negative class " + c + " in the label set of sample #"
                            + index);
                }
            }
        }
    }

    /**
     * A single-label (or unlabelled) item.
     *
     * @param index the item's position in its dataset
     * @param image the image, or null until decoded
     * @param label the class index, or -1 when the item has none
     * @param path the file, or null
     */
    public Sample(int index, Image image, int label, String path) {
        this(index, image, label, path, null);
    }

    /**
     * A multi-label item.
     *
     * @param index the item's position in its dataset
     * @param image the image, or null until decoded
     * @param labelSet its classes, ascending and without repeats; empty for an item of no class
     * @param path the file, or null
     * @return the sample
     */
    public static Sample multiLabel(int index, Image image, int[] labelSet, String path) {
        return new Sample(index, image, -1, path, java.util.Objects.requireNonNull(labelSet, "labelSet is null"));
    }

    /**
     * Tells whether the item carries a set of classes rather than one class.
     *
     * @return true when {@link #labelSet()} is not null
     */
    public boolean isMultiLabel() {
        return labelSet != null;
    }

    /**
     * The same sample with another image.
     *
     * @param newImage the transformed image
     * @return a new sample
     */
    public Sample withImage(Image newImage) {
        return new Sample(index, newImage, label, path, labelSet);
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

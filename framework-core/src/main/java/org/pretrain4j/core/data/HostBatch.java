package org.pretrain4j.core.data;

/**
 * A collated batch still on the Java heap: 8-bit images in NCHW order and their labels.
 *
 * <p>A batch of single-label samples carries class indices only ({@code targets} is null): the fast path, with no
 * per-class array. A batch with multi-label samples also carries their dense multi-hot rows.
 *
 * @param pixels {@code n * channels * height * width} unsigned bytes
 * @param n images in the batch
 * @param channels channels per image
 * @param height rows
 * @param width columns
 * @param labels class indices, -1 where a sample has none or is multi-label
 * @param indices the dataset indices of the samples
 * @param targets {@code n * classes} multi-hot rows (1 for each class of a sample), row-major, or null when every
 *     sample is single-label
 */
public record HostBatch(byte[] pixels, int n, int channels, int height, int width, int[] labels, int[] indices,
        float[] targets) {
    /**
     * A batch of single-label samples.
     *
     * @param pixels the NCHW bytes
     * @param n images
     * @param channels channels
     * @param height rows
     * @param width columns
     * @param labels class indices, -1 where a sample has none
     * @param indices dataset indices
     */
    public HostBatch(byte[] pixels, int n, int channels, int height, int width, int[] labels, int[] indices) {
        this(pixels, n, channels, height, width, labels, indices, null);
    }

    /**
     * The number of classes of the dense targets.
     *
     * @return {@code targets.length / n}, or -1 for a single-label batch
     */
    public int targetClasses() {
        return targets == null ? -1 : targets.length / n;
    }
}

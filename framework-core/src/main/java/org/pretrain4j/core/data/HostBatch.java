package org.pretrain4j.core.data;

import java.util.List;

/**
 * A collated batch still on the Java heap: 8-bit images in NCHW order and their labels.
 *
 * <p>A batch of single-label samples carries class indices only ({@code targets} is null): the fast path, with no
 * per-class array. A batch with multi-label samples also carries their dense multi-hot rows.
 *
 * <p>A batch of multi-view samples ({@code MultiView}) carries its first views in {@code pixels} and each further
 * view, stacked over the batch, in {@code extraViews}; a batch whose samples carry masks has them in {@code masks}.
 * Single-view batches have an empty list and no masks.
 *
 * @param pixels {@code n * channels * height * width} unsigned bytes: the first view
 * @param n images in the batch
 * @param channels channels per image
 * @param height rows
 * @param width columns
 * @param labels class indices, -1 where a sample has none or is multi-label
 * @param indices the dataset indices of the samples
 * @param targets {@code n * classes} multi-hot rows (1 for each class of a sample), row-major, or null when every
 *     sample is single-label
 * @param extraViews the second and later views, each stacked over the batch; empty for single-view samples
 * @param masks the samples' masks stacked, or null when the samples have none
 */
public record HostBatch(byte[] pixels, int n, int channels, int height, int width, int[] labels, int[] indices,
        float[] targets, List<View> extraViews, Masks masks) {
    /**
     * One view of every sample of a batch.
     *
     * @param pixels {@code n * channels * height * width} unsigned bytes, NCHW
     * @param channels channels per image
     * @param height rows
     * @param width columns
     */
    public record View(byte[] pixels, int channels, int height, int width) {}

    /**
     * The masks of a batch.
     *
     * @param values {@code n * height * width} entries, 0 (visible) or 1 (masked)
     * @param height rows of patches
     * @param width columns of patches
     */
    public record Masks(byte[] values, int height, int width) {}

    /**
     * Copies the view list.
     *
     * @param pixels the first view's NCHW bytes
     * @param n images
     * @param channels channels
     * @param height rows
     * @param width columns
     * @param labels class indices
     * @param indices dataset indices
     * @param targets multi-hot rows or null
     * @param extraViews further views, possibly empty
     * @param masks the masks or null
     */
    public HostBatch {
        extraViews = List.copyOf(extraViews);
    }

    /**
     * A single-view batch without masks.
     *
     * @param pixels the NCHW bytes
     * @param n images
     * @param channels channels
     * @param height rows
     * @param width columns
     * @param labels class indices, -1 where a sample has none or is multi-label
     * @param indices dataset indices
     * @param targets multi-hot rows, or null when every sample is single-label
     */
    public HostBatch(byte[] pixels, int n, int channels, int height, int width, int[] labels, int[] indices,
            float[] targets) {
        this(pixels, n, channels, height, width, labels, indices, targets, List.of(), null);
    }

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

    /**
     * The number of views of each sample.
     *
     * @return {@code 1 + extraViews().size()}
     */
    public int viewCount() {
        return 1 + extraViews.size();
    }
}

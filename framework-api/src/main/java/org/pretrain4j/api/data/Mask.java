package org.pretrain4j.api.data;

import static java.util.Objects.requireNonNull;

/**
 * A per-sample patch mask from a mask generator ({@code BEiTMaskGenerator}, {@code SimMIMMaskGenerator}), as
 * mmpretrain's {@code results['mask']}: 1 marks a masked patch, 0 a visible one. The loader stacks the masks of a
 * batch into one {@code (N, height, width)} float32 array and hands it to the self-supervised algorithm with the
 * images. The array is shared, not copied, so it must not be modified.
 *
 * @param height rows of patches
 * @param width columns of patches
 * @param values {@code height * width} row-major entries, each 0 or 1
 */
public record Mask(int height, int width, byte[] values) {
    /**
     * Checks the dimensions against the values.
     *
     * @param height rows
     * @param width columns
     * @param values row-major 0/1 entries
     * @throws IllegalArgumentException if the sizes disagree or an entry is neither 0 nor 1
     */
    public Mask {
        requireNonNull(values, "values is null");
        if (height <= 0 || width <= 0 || (long) height * width != values.length) {
            throw new IllegalArgumentException("mask " + height + "x" + width + " does not match " + values.length
                    + " values");
        }
        for (byte v : values) {
            if (v != 0 && v != 1) {
                throw new IllegalArgumentException("mask entries are 0 or 1, got " + v);
            }
        }
    }

    /**
     * Reads one entry.
     *
     * @param y row
     * @param x column
     * @return 1 if the patch is masked, else 0
     */
    public int get(int y, int x) {
        return values[y * width + x];
    }

    /**
     * Counts the masked patches.
     *
     * @return the number of entries that are 1
     */
    public int count() {
        int n = 0;
        for (byte v : values) {
            n += v;
        }
        return n;
    }
}

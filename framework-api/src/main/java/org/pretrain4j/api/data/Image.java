package org.pretrain4j.api.data;

import static java.util.Objects.requireNonNull;

/**
 * An 8-bit image in height-width-channel order, the form mmcv keeps images in until the data preprocessor. Decoded
 * colour files are in BGR order, as mmcv decodes them; {@code to_rgb} in the data preprocessor flips them. Arrays
 * are shared, not copied: transforms create new images instead of writing into old ones.
 *
 * @param height rows
 * @param width columns
 * @param channels 1 (grey) or 3
 * @param pixels {@code height * width * channels} bytes, unsigned, HWC
 */
public record Image(int height, int width, int channels, byte[] pixels) {
    /**
     * Checks the dimensions against the pixel array.
     *
     * @param height rows
     * @param width columns
     * @param channels channels
     * @param pixels HWC bytes
     */
    public Image {
        requireNonNull(pixels, "pixels is null");
        if (height <= 0 || width <= 0 || channels <= 0 || (long) height * width * channels != pixels.length) {
            throw new IllegalArgumentException("image " + height + "x" + width + "x" + channels + " does not match "
                    + pixels.length + " bytes");
        }
    }

    /**
     * Reads one pixel value.
     *
     * @param y row
     * @param x column
     * @param c channel
     * @return the value in [0, 255]
     */
    public int get(int y, int x, int c) {
        return pixels[(y * width + x) * channels + c] & 0xff;
    }
}

package org.pretrain4j.data.transforms;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.File;
import java.io.IOException;
import java.util.random.RandomGenerator;
import javax.imageio.ImageIO;
import org.pretrain4j.api.DataException;
import org.pretrain4j.api.data.Image;
import org.pretrain4j.api.data.Sample;
import org.pretrain4j.api.data.Transform;

/**
 * Decodes {@link Sample#path()} with {@code javax.imageio} (JPEG, PNG, BMP, GIF, TIFF), as mmcv's
 * {@code LoadImageFromFile}: three channels in BGR order, alpha dropped, or one channel with OpenCV's grey weights.
 * One-channel files are read from their raster, since {@code BufferedImage.getRGB} would apply a grey gamma curve.
 */
public final class LoadImageFromFile implements Transform {
    private final LoadImageFromFileConfig config;

    /**
     * Creates the transform.
     *
     * @param config the config
     */
    public LoadImageFromFile(LoadImageFromFileConfig config) {
        this.config = config;
    }

    @Override
    public Sample apply(Sample sample, RandomGenerator random) {
        if (sample.path() == null) {
            throw new DataException(sample.describe() + " has no file path; LoadImageFromFile belongs only in "
                    + "pipelines of file datasets such as CustomDataset");
        }
        BufferedImage decoded;
        try {
            decoded = ImageIO.read(new File(sample.path()));
        } catch (IOException | RuntimeException e) {
            throw new DataException("cannot decode image " + sample.path() + ": " + e.getMessage(), e);
        }
        if (decoded == null) {
            throw new DataException("cannot decode image " + sample.path() + ": not a format javax.imageio reads "
                    + "(JPEG, PNG, BMP, GIF, TIFF)");
        }
        return sample.withImage(convert(decoded, config.grayscale()));
    }

    /**
     * Converts a decoded image to 8-bit HWC, BGR or grey.
     *
     * @param img the decoded image
     * @param grayscale one channel instead of three
     * @return the image
     */
    static Image convert(BufferedImage img, boolean grayscale) {
        int h = img.getHeight();
        int w = img.getWidth();
        int channels = grayscale ? 1 : 3;
        byte[] out = new byte[h * w * channels];
        boolean grey = img.getColorModel().getNumComponents() == 1 && !(img.getColorModel() instanceof IndexColorModel);
        if (grey) {
            Raster raster = img.getRaster();
            int bits = img.getColorModel().getComponentSize(0);
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    int v = bits > 8 ? row[x] >> (bits - 8) : bits < 8 ? row[x] * 255 / ((1 << bits) - 1) : row[x];
                    for (int k = 0; k < channels; k++) {
                        out[(y * w + x) * channels + k] = (byte) v;
                    }
                }
            }
            return new Image(h, w, channels, out);
        }
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int r = (row[x] >> 16) & 0xff;
                int g = (row[x] >> 8) & 0xff;
                int b = row[x] & 0xff;
                int at = (y * w + x) * channels;
                if (grayscale) {
                    // OpenCV's fixed-point BGR-to-grey weights (0.299, 0.587, 0.114 in 14 bits).
                    out[at] = (byte) ((b * 1868 + g * 9617 + r * 4899 + (1 << 13)) >> 14);
                } else {
                    out[at] = (byte) b;
                    out[at + 1] = (byte) g;
                    out[at + 2] = (byte) r;
                }
            }
        }
        return new Image(h, w, channels, out);
    }
}

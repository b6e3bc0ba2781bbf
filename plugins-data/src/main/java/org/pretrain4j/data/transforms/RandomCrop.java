package org.pretrain4j.data.transforms;

import java.util.random.RandomGenerator;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.data.Image;
import org.pretrain4j.api.data.Sample;
import org.pretrain4j.api.data.Transform;
import org.pretrain4j.data.transforms.ImageOps.Border;

/**
 * Crops at a random place, after optional padding, as mmpretrain's {@code RandomCrop}. Two of its behaviours are
 * kept on purpose so that ported configs give the same images: {@code padding} always pads with the constant
 * {@code pad_val} ({@code padding_mode} applies only to {@code pad_if_needed}), and an image still smaller than the
 * crop is cropped to its own size instead of failing.
 */
public final class RandomCrop implements Transform {
    private final RandomCropConfig config;

    /**
     * Creates the transform.
     *
     * @param config the config
     */
    public RandomCrop(RandomCropConfig config) {
        this.config = config;
    }

    @Override
    public Sample apply(Sample sample, RandomGenerator random) {
        Image img = sample.image();
        int[] fill = config.padValue();
        if (fill.length != 1 && fill.length != img.channels()) {
            throw new Pretrain4jException(sample.describe() + ": RandomCrop pad_val has " + fill.length
                    + " values for a " + img.channels() + "-channel image");
        }
        int[] p = config.padding();
        if (p != null) {
            img = ImageOps.pad(img, p[0], p[1], p[2], p[3], Border.CONSTANT, fill);
        }
        if (config.padIfNeeded()) {
            int hPad = (Math.max(0, config.cropHeight() - img.height()) + 1) / 2;
            int wPad = (Math.max(0, config.cropWidth() - img.width()) + 1) / 2;
            img = ImageOps.pad(img, wPad, hPad, wPad, hPad, config.paddingMode(), fill);
        }
        int h = img.height();
        int w = img.width();
        if (h == config.cropHeight() && w == config.cropWidth()) {
            return sample.withImage(img);
        }
        int th = Math.min(h, config.cropHeight());
        int tw = Math.min(w, config.cropWidth());
        // Rows before columns, as mmpretrain draws them.
        int top = random.nextInt(h - th + 1);
        int left = random.nextInt(w - tw + 1);
        return sample.withImage(ImageOps.crop(img, top, left, th, tw));
    }
}

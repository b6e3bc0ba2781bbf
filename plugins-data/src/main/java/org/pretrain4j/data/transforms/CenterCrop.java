package org.pretrain4j.data.transforms;

import java.util.random.RandomGenerator;
import org.pretrain4j.api.data.Image;
import org.pretrain4j.api.data.Sample;
import org.pretrain4j.api.data.Transform;

/**
 * Crops the centre, as mmcv's {@code CenterCrop}: a crop larger than the image is cut to the image, and the offset
 * is {@code round((size - crop) / 2)} with Python's half-to-even rounding.
 */
public final class CenterCrop implements Transform {
    private final CenterCropConfig config;

    /**
     * Creates the transform.
     *
     * @param config the config
     */
    public CenterCrop(CenterCropConfig config) {
        this.config = config;
    }

    @Override
    public Sample apply(Sample sample, RandomGenerator random) {
        Image img = sample.image();
        int ch = Math.min(config.height(), img.height());
        int cw = Math.min(config.width(), img.width());
        int top = (int) Math.rint((img.height() - ch) / 2.0);
        int left = (int) Math.rint((img.width() - cw) / 2.0);
        return sample.withImage(ImageOps.crop(img, top, left, ch, cw));
    }
}

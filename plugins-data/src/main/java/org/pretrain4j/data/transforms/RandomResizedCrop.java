package org.pretrain4j.data.transforms;

import java.util.random.RandomGenerator;
import org.pretrain4j.api.data.Image;
import org.pretrain4j.api.data.Sample;
import org.pretrain4j.api.data.Transform;

/**
 * Crops a random area and aspect ratio and resizes it, as mmpretrain's {@code RandomResizedCrop}: area uniform in
 * {@code crop_ratio_range}, aspect ratio log-uniform in {@code aspect_ratio_range}, sides rounded half to even as
 * Python's {@code round}, and a centre crop clamped to the aspect range after {@code max_attempts} misses.
 */
public final class RandomResizedCrop implements Transform {
    private final RandomResizedCropConfig config;

    /**
     * Creates the transform.
     *
     * @param config the config
     */
    public RandomResizedCrop(RandomResizedCropConfig config) {
        this.config = config;
    }

    @Override
    public Sample apply(Sample sample, RandomGenerator random) {
        Image img = sample.image();
        int[] box = cropBox(img.height(), img.width(), random);
        Image crop = ImageOps.crop(img, box[0], box[1], box[2], box[3]);
        return sample.withImage(ImageOps.resize(crop, config.height(), config.width(), config.interpolation()));
    }

    /**
     * Samples the crop.
     *
     * @param h image rows
     * @param w image columns
     * @param random the source
     * @return {@code top, left, height, width}
     */
    int[] cropBox(int h, int w, RandomGenerator random) {
        return cropBox(h, w, config.cropRatioRange(), config.aspectRatioRange(), config.maxAttempts(), random);
    }

    /**
     * Samples a crop as {@code RandomResizedCrop} does, for the transforms that share its sampling.
     *
     * @param h image rows
     * @param w image columns
     * @param areaRange {@code [min, max]} crop area as a fraction of the image area
     * @param ratio {@code [min, max]} crop width / height, drawn log-uniformly
     * @param maxAttempts draws before the centre-crop fallback
     * @param random the source
     * @return {@code top, left, height, width}
     */
    static int[] cropBox(int h, int w, double[] areaRange, double[] ratio, int maxAttempts, RandomGenerator random) {
        double area = (double) h * w;
        double logLo = Math.log(ratio[0]);
        double logHi = Math.log(ratio[1]);
        for (int i = 0; i < maxAttempts; i++) {
            double target = Params.uniform(random, areaRange[0], areaRange[1]) * area;
            double aspect = Math.exp(Params.uniform(random, logLo, logHi));
            int tw = (int) Math.rint(Math.sqrt(target * aspect));
            int th = (int) Math.rint(Math.sqrt(target / aspect));
            if (tw > 0 && tw <= w && th > 0 && th <= h) {
                int top = random.nextInt(h - th + 1);
                int left = random.nextInt(w - tw + 1);
                return new int[] {top, left, th, tw};
            }
        }
        double inRatio = (double) w / h;
        int tw = w;
        int th = h;
        if (inRatio < ratio[0]) {
            th = (int) Math.rint(w / ratio[0]);
        } else if (inRatio > ratio[1]) {
            tw = (int) Math.rint(h * ratio[1]);
        }
        th = Math.max(1, Math.min(h, th));
        tw = Math.max(1, Math.min(w, tw));
        return new int[] {(h - th) / 2, (w - tw) / 2, th, tw};
    }
}

package org.pretrain4j.data.transforms;

import java.util.List;
import java.util.random.RandomGenerator;
import org.pretrain4j.api.DataException;
import org.pretrain4j.api.data.Image;
import org.pretrain4j.api.data.Sample;
import org.pretrain4j.api.data.Transform;
import org.pretrain4j.data.transforms.ImageOps.Interpolation;

/**
 * mmpretrain's {@code RandomResizedCropAndInterpolationWithTwoPic} (from BEiT): one random crop, resized twice, to
 * {@code size} with {@code interpolation} for the encoder and to {@code second_size} with
 * {@code second_interpolation} for the tokenizer. The two pictures become the sample's two views, as
 * {@code results['img'] = [img, target_img]} in mmpretrain, so the batch reaches the model as {@code inputs[0]}
 * (encoder) and {@code inputs[1]} (tokenizer), each normalised by {@code TwoNormDataPreprocessor} with its own
 * statistics. Without {@code second_size} only the first picture is made.
 *
 * <p>The crop is drawn by {@link RandomResizedCrop}'s sampling with 10 attempts (area uniform in {@code scale},
 * aspect log-uniform in {@code ratio}, centre-crop fallback). One difference from mmpretrain's own sampler: a drawn
 * crop may span a whole side of the image, where mmpretrain's needs it strictly smaller; it changes which draws are
 * accepted at the largest scales only. {@code interpolation = random} picks bilinear or bicubic per sample.
 */
public final class RandomResizedCropAndInterpolationWithTwoPic implements Transform {
    /** mmpretrain's fixed number of crop draws before the centre-crop fallback. */
    private static final int ATTEMPTS = 10;

    private final RandomResizedCropAndInterpolationWithTwoPicConfig config;

    /**
     * Creates the transform.
     *
     * @param config the config
     */
    public RandomResizedCropAndInterpolationWithTwoPic(RandomResizedCropAndInterpolationWithTwoPicConfig config) {
        this.config = config;
    }

    @Override
    public Sample apply(Sample sample, RandomGenerator random) {
        if (sample.viewCount() > 1) {
            throw new DataException(sample.describe() + ": " + RandomResizedCropAndInterpolationWithTwoPicFactory.NAME
                    + " got a sample that already has " + sample.viewCount() + " views; it makes the views itself");
        }
        Image img = sample.image();
        int[] box = RandomResizedCrop.cropBox(img.height(), img.width(), config.scale(), config.ratio(), ATTEMPTS,
                random);
        List<Interpolation> kernels = config.interpolations();
        Interpolation kernel = kernels.size() == 1 ? kernels.get(0) : kernels.get(random.nextInt(kernels.size()));
        Image crop = ImageOps.crop(img, box[0], box[1], box[2], box[3]);
        Image first = ImageOps.resize(crop, config.height(), config.width(), kernel);
        if (!config.hasSecond()) {
            return sample.withImage(first);
        }
        Image second = ImageOps.resize(crop, config.secondHeight(), config.secondWidth(),
                config.secondInterpolation());
        return sample.withViews(List.of(first, second));
    }
}

package org.pretrain4j.data.transforms;

import java.util.random.RandomGenerator;
import org.pretrain4j.api.DataException;
import org.pretrain4j.api.data.Image;
import org.pretrain4j.api.data.Sample;
import org.pretrain4j.api.data.Transform;

/**
 * mmcv's {@code RandomGrayscale}: with probability {@code prob} replaces a multi-channel image by the weighted sum of
 * its channels ({@code channel_weights} normalised to sum 1, in the image's channel order, so BGR for decoded files),
 * truncated to 8 bits as numpy's {@code astype('uint8')} does, and repeats it over the input's channels when
 * {@code keep_channels}. One-channel images pass unchanged, but the draw is still made, as in mmcv.
 */
public final class RandomGrayscale implements Transform {
    private final RandomGrayscaleConfig config;
    private final double[] weights;

    /**
     * Creates the transform.
     *
     * @param config the config
     */
    public RandomGrayscale(RandomGrayscaleConfig config) {
        this.config = config;
        double sum = 0;
        for (double w : config.channelWeights()) {
            sum += w;
        }
        weights = new double[config.channelWeights().length];
        for (int c = 0; c < weights.length; c++) {
            weights[c] = config.channelWeights()[c] / sum;
        }
    }

    @Override
    public Sample apply(Sample sample, RandomGenerator random) {
        Image img = sample.image();
        if (!(random.nextDouble() < config.prob()) || img.channels() == 1) {
            return sample;
        }
        int c = img.channels();
        if (c != weights.length) {
            throw new DataException(sample.describe() + ": RandomGrayscale has " + weights.length
                    + " channel_weights but the image has " + c + " channels");
        }
        int out = config.keepChannels() ? c : 1;
        byte[] in = img.pixels();
        byte[] grey = new byte[img.height() * img.width() * out];
        for (int p = 0, q = 0; p < in.length; p += c) {
            // numpy sums the weighted channels left to right in float64, then truncates.
            double v = 0;
            for (int k = 0; k < c; k++) {
                v += weights[k] * (in[p + k] & 0xff);
            }
            byte g = (byte) Math.min(255, (int) v);
            for (int k = 0; k < out; k++) {
                grey[q++] = g;
            }
        }
        return sample.withImage(new Image(img.height(), img.width(), out, grey));
    }
}

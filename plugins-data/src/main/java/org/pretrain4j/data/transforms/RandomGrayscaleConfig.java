package org.pretrain4j.data.transforms;

/**
 * Typed config of {@code RandomGrayscale}.
 *
 * @param prob the probability of converting
 * @param keepChannels whether the grey image keeps the input's channel count (the grey plane repeated)
 * @param channelWeights the weight of each channel, in the image's channel order, normalised to sum 1
 */
public record RandomGrayscaleConfig(double prob, boolean keepChannels, double[] channelWeights) {}

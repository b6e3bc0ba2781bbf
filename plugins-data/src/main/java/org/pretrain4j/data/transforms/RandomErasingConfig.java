package org.pretrain4j.data.transforms;

/**
 * Typed config of {@code RandomErasing}.
 *
 * @param eraseProb probability of erasing
 * @param minAreaRatio smallest erased fraction of the image
 * @param maxAreaRatio largest erased fraction of the image
 * @param aspectRange {@code [min, max]} of the erased height / width, sampled log-uniformly
 * @param random whether the fill is random ({@code mode = rand}) rather than constant
 * @param fillColor the three fill values (the mean of the normal fill when {@code fillStd} is set)
 * @param fillStd three standard deviations of a normal fill, or null for a uniform [0, 255] fill
 */
public record RandomErasingConfig(double eraseProb, double minAreaRatio, double maxAreaRatio, double[] aspectRange,
        boolean random, double[] fillColor, double[] fillStd) {}

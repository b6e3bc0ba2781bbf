package org.pretrain4j.data.transforms;

/**
 * Typed config of {@code Solarize}.
 *
 * @param thr pixels at or above this value are inverted
 * @param prob the probability of solarizing an image
 */
public record SolarizeConfig(double thr, double prob) {}

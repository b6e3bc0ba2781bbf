package org.pretrain4j.data.transforms;

/**
 * Typed config of {@code LoadImageFromFile}.
 *
 * @param toFloat32 accepted for portability; images stay 8-bit until the data preprocessor
 * @param grayscale decode to one channel instead of three BGR channels
 */
public record LoadImageFromFileConfig(boolean toFloat32, boolean grayscale) {}

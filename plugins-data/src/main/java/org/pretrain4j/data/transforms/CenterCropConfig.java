package org.pretrain4j.data.transforms;

/**
 * Typed config of {@code CenterCrop}.
 *
 * @param width crop columns
 * @param height crop rows
 */
public record CenterCropConfig(int width, int height) {}

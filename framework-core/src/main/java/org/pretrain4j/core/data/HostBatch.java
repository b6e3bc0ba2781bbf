package org.pretrain4j.core.data;

/**
 * A collated batch still on the Java heap: 8-bit images in NCHW order and their labels.
 *
 * @param pixels {@code n * channels * height * width} unsigned bytes
 * @param n images in the batch
 * @param channels channels per image
 * @param height rows
 * @param width columns
 * @param labels class indices, -1 where a sample has none
 * @param indices the dataset indices of the samples
 */
public record HostBatch(byte[] pixels, int n, int channels, int height, int width, int[] labels, int[] indices) {}

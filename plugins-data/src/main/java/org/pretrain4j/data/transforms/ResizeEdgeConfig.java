package org.pretrain4j.data.transforms;

import org.pretrain4j.data.transforms.ImageOps.Interpolation;

/**
 * Typed config of {@code ResizeEdge}.
 *
 * @param scale the target length of the chosen edge
 * @param edge {@code short}, {@code long}, {@code width} or {@code height}
 * @param interpolation the resize kernel
 * @param backend {@code cv2} or {@code pillow}, accepted for portability
 */
public record ResizeEdgeConfig(int scale, String edge, Interpolation interpolation, String backend) {}

package org.pretrain4j.heads.pooling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.pretrain4j.api.Pretrain4jException;

/**
 * Global pooling arithmetic shared by the pooling necks and the projection necks that pool first: rank checks with a
 * message naming the expected layout, the pooled shapes, and the spatial average.
 */
public final class Pooling {
    private Pooling() {}

    /**
     * Checks that a feature shape is {@code (N, C)} followed by {@code spatialDims} spatial axes. A wrong rank would
     * otherwise pool the wrong axes silently, or fail deep inside libtorch.
     *
     * @param shape the feature shape
     * @param spatialDims 1, 2 or 3
     * @param neck the neck's description for the message, e.g. {@code GlobalAveragePooling with dim = 2}
     * @return the shape
     * @throws Pretrain4jException naming the expected layout
     */
    public static Shape checkRank(Shape shape, int spatialDims, String neck) {
        if (shape.dimension() != spatialDims + 2) {
            String layout = switch (spatialDims) {
                case 1 -> "(N, C, L)";
                case 2 -> "(N, C, H, W)";
                default -> "(N, C, D, H, W)";
            };
            throw new Pretrain4jException(neck + " expects inputs " + layout + ", got shape " + shape);
        }
        return shape;
    }

    /**
     * The {@code (N, C)} shape of each input after global pooling, checking ranks.
     *
     * @param inputShapes the feature shapes
     * @param spatialDims the spatial axes of each
     * @param neck the neck's description for errors
     * @return one {@code (N, C)} per input
     */
    public static Shape[] pooledShapes(Shape[] inputShapes, int spatialDims, String neck) {
        Shape[] out = new Shape[inputShapes.length];
        for (int i = 0; i < inputShapes.length; i++) {
            out[i] = checkRank(inputShapes[i], spatialDims, neck).slice(0, 2);
        }
        return out;
    }

    /**
     * Averages all axes after the first two: {@code (N, C, ...)} to {@code (N, C)}. DJL's PyTorch mean reduces one
     * axis at a time, so the spatial axes are flattened (a view, as mmpretrain's {@code x.view(N, -1)}) and averaged
     * as one.
     *
     * @param x the features
     * @return the averages
     */
    public static NDArray average(NDArray x) {
        Shape shape = x.getShape();
        return x.reshape(shape.get(0), shape.get(1), -1).mean(new int[] {2});
    }
}

package org.pretrain4j.heads.necks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.backbones.layers.TorchInit;
import org.pretrain4j.heads.pooling.Pooling;

/**
 * What the projection necks share: turning a backbone output into {@code (N, C)} vectors (optional global average
 * pooling, then {@code x.view(N, -1)}) with a check that {@code C} is the configured input width, and their Linear
 * layers with PyTorch's default initialisation (none of these necks sets an {@code init_cfg} for them).
 */
final class Features {
    private Features() {}

    /**
     * Pools and flattens one feature array.
     *
     * @param x the features
     * @param pooledDims how many trailing spatial axes to average first (0 for none); the input must then have rank
     *     {@code pooledDims + 2}
     * @param neck the neck's type name, for errors
     * @return {@code (N, C)}
     */
    static NDArray flatten(NDArray x, int pooledDims, String neck) {
        Shape shape = checkRank(x.getShape(), pooledDims, neck);
        return pooledDims == 0 ? x.reshape(shape.get(0), -1) : Pooling.average(x);
    }

    /**
     * The shape {@link #flatten} produces, checked against the expected width.
     *
     * @param shape the input shape
     * @param pooledDims the averaged trailing axes
     * @param inChannels the expected width
     * @param neck the neck's type name, for errors
     * @return {@code (N, inChannels)}
     */
    static Shape flatShape(Shape shape, int pooledDims, int inChannels, String neck) {
        checkRank(shape, pooledDims, neck);
        long width = pooledDims == 0 ? shape.size() / shape.get(0) : shape.get(1);
        if (width != inChannels) {
            throw new Pretrain4jException(neck + " expects " + inChannels + " features per sample (in_channels), got "
                    + width + " from input shape " + shape);
        }
        return new Shape(shape.get(0), inChannels);
    }

    private static Shape checkRank(Shape shape, int pooledDims, String neck) {
        if (pooledDims > 0) {
            return Pooling.checkRank(shape, pooledDims, neck);
        }
        if (shape.dimension() < 2) {
            throw new Pretrain4jException(neck + " expects batched inputs (N, ...), got shape " + shape);
        }
        return shape;
    }

    /**
     * A Linear layer with PyTorch's default initialisation.
     *
     * @param in input features
     * @param out output features
     * @param bias whether it has a bias
     * @return the layer
     */
    static Linear linear(int in, int out, boolean bias) {
        return TorchInit.defaults(Linear.builder().setUnits(out).optBias(bias).build(), in);
    }
}

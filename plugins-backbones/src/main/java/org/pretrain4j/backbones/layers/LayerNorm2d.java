package org.pretrain4j.backbones.layers;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.pretrain4j.api.Pretrain4jException;

/**
 * mmpretrain's {@code LayerNorm2d} ({@code LN2d}): layer normalisation over the channels of each pixel of an
 * {@code (N, C, H, W)} map, with a learned per-channel scale and shift. The forward pass takes the channel-first map;
 * {@link #normalizeLastAxis} serves callers that already hold channel-last data ({@code (N, H, W, C)}, or pooled
 * {@code (N, C)} features), as mmpretrain's {@code data_format='channel_last'} does.
 *
 * <p>libtorch normalises trailing axes only, so the channel-first path moves channels last, normalises and moves them
 * back: two views and one native call, the same as mmpretrain. DJL's {@link LayerNorm} block is not used: without
 * axes it normalises over every axis but the batch. Parameters are named {@code gamma} and {@code beta} with DJL's
 * norm types, so checkpoints call them {@code weight} and {@code bias}.
 */
public final class LayerNorm2d extends AbstractBlock {
    private final float epsilon;
    private final Parameter gamma;
    private final Parameter beta;

    /**
     * Creates the block; the channel count comes from the input shape at initialisation.
     *
     * @param epsilon added to the variance ({@code eps}; ConvNeXt uses 1e-6, PyTorch's default is 1e-5)
     */
    public LayerNorm2d(float epsilon) {
        super((byte) 1);
        this.epsilon = epsilon;
        gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA).build());
        beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA).build());
    }

    /**
     * The epsilon added to the variance.
     *
     * @return {@code eps}
     */
    public float epsilon() {
        return epsilon;
    }

    @Override
    public void prepare(Shape[] inputShapes) {
        Shape channels = new Shape(checkRank(inputShapes[0]).get(1));
        gamma.setShape(channels);
        beta.setShape(channels);
    }

    /**
     * Normalises over the last axis, which holds the channels: {@code (N, H, W, C)} inside a ConvNeXt block or pooled
     * {@code (N, C)} features.
     *
     * @param parameterStore the parameter store
     * @param x the channel-last input
     * @param training whether this is a training pass
     * @return the normalised array, same shape
     */
    public NDArray normalizeLastAxis(ParameterStore parameterStore, NDArray x, boolean training) {
        Device device = x.getDevice();
        Shape channels = new Shape(x.getShape().get(x.getShape().dimension() - 1));
        return LayerNorm.layerNorm(x, channels, parameterStore.getValue(gamma, device, training),
                parameterStore.getValue(beta, device, training), epsilon).singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        checkRank(x.getShape());
        NDArray last = normalizeLastAxis(parameterStore, x.transpose(0, 2, 3, 1), training);
        return new NDList(last.transpose(0, 3, 1, 2));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {checkRank(inputShapes[0])};
    }

    /** mmpretrain asserts 4-D input too; another rank would normalise the wrong axis. */
    private static Shape checkRank(Shape shape) {
        if (shape.dimension() != 4) {
            throw new Pretrain4jException("LayerNorm2d expects (N, C, H, W) inputs, got shape " + shape);
        }
        return shape;
    }

    @Override
    public String toString() {
        return "LayerNorm2d(eps=" + epsilon + ")";
    }
}

package org.pretrain4j.backbones.layers;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.pretrain4j.api.Pretrain4jException;

/**
 * Layer normalisation over the channels, with a learned per-channel scale and shift, in the two layouts mmpretrain
 * uses:
 *
 * <ul>
 *   <li>{@code new LayerNorm(eps)}: PyTorch's {@code nn.LayerNorm(dim)} ({@code LN}), normalising the last axis of an
 *       input of any rank, e.g. the channels of {@code (B, L, C)} tokens or of {@code (B, C)} features.
 *   <li>{@link #channelFirst}: mmpretrain's {@code LayerNorm2d} ({@code LN2d}), normalising the channels of each pixel
 *       of an {@code (N, C, H, W)} map. libtorch normalises trailing axes only, so the forward pass moves channels
 *       last, normalises and moves them back: two views and one native call, the same as mmpretrain.
 * </ul>
 *
 * <p>{@link #normalizeLastAxis} serves callers that already hold channel-last data ({@code (N, H, W, C)} inside a
 * ConvNeXt block, or pooled {@code (N, C)} features), as mmpretrain's {@code data_format='channel_last'} does.
 *
 * <p>DJL's own {@code LayerNorm} block normalises every axis but the batch by default and accepts only positive axes,
 * so it would need to know the input's rank; this block does not. The affine parameters keep DJL's names and types
 * ({@code gamma}, {@code beta}), which checkpoint code maps to PyTorch's {@code weight} and {@code bias}; the class
 * name marks it as a normalisation layer for {@code paramwise_cfg}'s {@code norm_decay_mult}.
 */
public final class LayerNorm extends AbstractBlock {
    private final float epsilon;
    private final boolean channelFirst;
    private final Parameter gamma;
    private final Parameter beta;

    /**
     * Creates a last-axis layer norm ({@code nn.LayerNorm}); its size comes from the last axis of the first input.
     *
     * @param epsilon added to the variance: 1e-5 in {@code nn.LayerNorm}, 1e-6 in mmpretrain's transformers
     */
    public LayerNorm(float epsilon) {
        this(epsilon, false);
    }

    private LayerNorm(float epsilon, boolean channelFirst) {
        super((byte) 1);
        this.epsilon = epsilon;
        this.channelFirst = channelFirst;
        gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA).build());
        beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA).build());
    }

    /**
     * Creates mmpretrain's {@code LayerNorm2d}: the forward pass takes {@code (N, C, H, W)} maps and normalises each
     * pixel over {@code C}; its size comes from axis 1 of the first input.
     *
     * @param epsilon added to the variance ({@code eps}; ConvNeXt uses 1e-6, PyTorch's default is 1e-5)
     * @return the block
     */
    public static LayerNorm channelFirst(float epsilon) {
        return new LayerNorm(epsilon, true);
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
        Shape channels = new Shape(channelFirst ? checkRank(inputShapes[0]).get(1)
                : inputShapes[0].getLastDimension());
        gamma.setShape(channels);
        beta.setShape(channels);
    }

    /**
     * Normalises over the last axis, which holds the channels.
     *
     * @param parameterStore the parameter store
     * @param x the channel-last input
     * @param training whether this is a training pass
     * @return the normalised array, same shape
     */
    public NDArray normalizeLastAxis(ParameterStore parameterStore, NDArray x, boolean training) {
        Device device = x.getDevice();
        return ai.djl.nn.norm.LayerNorm.layerNorm(x, new Shape(x.getShape().getLastDimension()),
                parameterStore.getValue(gamma, device, training), parameterStore.getValue(beta, device, training),
                epsilon).singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        if (!channelFirst) {
            return new NDList(normalizeLastAxis(parameterStore, x, training));
        }
        checkRank(x.getShape());
        NDArray last = normalizeLastAxis(parameterStore, x.transpose(0, 2, 3, 1), training);
        return new NDList(last.transpose(0, 3, 1, 2));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {channelFirst ? checkRank(inputShapes[0]) : inputShapes[0]};
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
        return (channelFirst ? "LayerNorm2d" : "LayerNorm") + "(eps=" + epsilon + ")";
    }
}

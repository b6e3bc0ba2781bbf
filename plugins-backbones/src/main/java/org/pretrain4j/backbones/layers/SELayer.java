package org.pretrain4j.backbones.layers;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * mmpretrain's squeeze-and-excitation layer ({@code models/utils/se_layer.py}): global average pooling, a 1x1
 * {@link ConvModule} {@code conv1} down to the squeeze channels, a 1x1 {@code conv2} back up, and the input scaled
 * channel-wise by the result. Both convolutions have biases and no norm, so the state-dict keys are
 * {@code conv1.conv.weight}, {@code conv1.conv.bias}, {@code conv2.conv.weight} and {@code conv2.conv.bias}.
 */
public final class SELayer extends AbstractBlock {
    /** mmpretrain's default {@code divisor} for the squeeze channels. */
    public static final int DIVISOR = 8;

    private final int channels;
    private final ConvModule conv1;
    private final ConvModule conv2;

    /**
     * Creates the layer.
     *
     * @param channels the input (and output) channels
     * @param squeezeChannels the channels in between
     * @param squeezeAct the activation after {@code conv1} (ReLU in mmpretrain)
     * @param gateAct the activation after {@code conv2}, which makes the channel weights (Sigmoid, or HSigmoid in
     *     MobileNetV3)
     * @throws IllegalArgumentException if a channel count is not positive
     */
    public SELayer(int channels, int squeezeChannels, Act squeezeAct, Act gateAct) {
        super((byte) 1);
        this.channels = channels;
        conv1 = addChildBlock("conv1", ConvModule.builder(squeezeChannels).norm(null)
                .act(requireNonNull(squeezeAct, "squeezeAct is null")).build());
        conv2 = addChildBlock("conv2", ConvModule.builder(channels).norm(null)
                .act(requireNonNull(gateAct, "gateAct is null")).build());
    }

    /**
     * mmpretrain's default squeeze width: {@code make_divisible(channels // ratio, 8)}.
     *
     * @param channels the input channels
     * @param ratio the squeeze ratio (16 in SEResNet, 4 in MobileNetV3)
     * @return the squeeze channels
     * @throws IllegalArgumentException if the ratio is not positive
     */
    public static int squeezeChannels(int channels, int ratio) {
        if (ratio < 1) {
            throw new IllegalArgumentException("ratio must be positive, got " + ratio);
        }
        return MakeDivisible.of(channels / ratio, DIVISOR);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        // libtorch's mean over several axes is not exposed by DJL's PyTorch engine: one axis at a time.
        NDList pooled = new NDList(x.mean(new int[] {3}, true).mean(new int[] {2}, true));
        NDList squeezed = conv1.forward(parameterStore, pooled, training);
        NDArray weight = conv2.forward(parameterStore, squeezed, training).singletonOrThrow();
        return new NDList(x.mul(weight));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        if (inputShapes[0].get(1) != channels) {
            throw new IllegalArgumentException("SELayer built for " + channels + " channels got an input of shape "
                    + inputShapes[0]);
        }
        Shape pooled = new Shape(inputShapes[0].get(0), inputShapes[0].get(1), 1, 1);
        conv1.initialize(manager, dataType, pooled);
        conv2.initialize(manager, dataType, conv1.getOutputShapes(new Shape[] {pooled}));
    }
}

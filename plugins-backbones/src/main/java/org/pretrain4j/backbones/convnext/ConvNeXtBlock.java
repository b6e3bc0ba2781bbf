package org.pretrain4j.backbones.convnext;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;
import org.pretrain4j.backbones.layers.Act;
import org.pretrain4j.backbones.layers.DropPath;
import org.pretrain4j.backbones.layers.LayerNorm;

/**
 * mmpretrain's {@code ConvNeXtBlock} with {@code linear_pw_conv = True}: a depthwise 7x7 convolution
 * ({@code depthwise_conv}), then, on channel-last data, LayerNorm ({@code norm}), {@code pointwise_conv1} (Linear to
 * 4x the channels), GELU, [{@code grn},] {@code pointwise_conv2} (Linear back), the layer scale {@code gamma},
 * stochastic depth ({@code drop_path}) and the residual sum.
 *
 * <p>Layout: the block moves to channel-last once after the depthwise convolution and back once before the sum, as
 * mmpretrain does. On a 2-core CPU (DJL 0.36, libtorch 2.7.1, one intra-op thread, forward and backward of one block,
 * batch 8, ConvNeXt-T stage widths) this measured the same as the channel-first alternative (LayerNorm2d and 1x1
 * convolutions) within noise, slightly ahead at the minimum (54.1 vs 54.9, 37.9 vs 38.8, 32.1 vs 33.9 ms), and it
 * keeps the Linear weights in their checkpoint shape.
 */
final class ConvNeXtBlock extends AbstractBlock {
    /** mmpretrain's fixed {@code mlp_ratio}. */
    private static final int MLP_RATIO = 4;

    private final int channels;
    private final Conv2d depthwiseConv;
    private final LayerNorm norm;
    private final Linear pointwiseConv1;
    private final Grn grn;
    private final Linear pointwiseConv2;
    private final Parameter gamma;
    private final DropPath dropPath;

    /**
     * Creates a block.
     *
     * @param channels input and output channels
     * @param normEps epsilon of the LayerNorm
     * @param useGrn add GRN after the GELU
     * @param layerScaleInitValue initial layer scale; 0 builds none
     * @param dropPathRate this block's stochastic-depth rate; 0 builds none
     */
    ConvNeXtBlock(int channels, float normEps, boolean useGrn, float layerScaleInitValue, float dropPathRate) {
        super((byte) 1);
        this.channels = channels;
        depthwiseConv = addChildBlock("depthwise_conv", ConvNeXt.conv(channels, 7, 1, 3, channels));
        norm = addChildBlock("norm", LayerNorm.channelFirst(normEps));
        pointwiseConv1 = addChildBlock("pointwise_conv1", ConvNeXt.linear(MLP_RATIO * channels));
        grn = useGrn ? addChildBlock("grn", new Grn()) : null;
        pointwiseConv2 = addChildBlock("pointwise_conv2", ConvNeXt.linear(channels));
        gamma = layerScaleInitValue > 0
                ? addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.OTHER)
                        .optInitializer(new ConstantInitializer(layerScaleInitValue)).build())
                : null;
        // mmpretrain uses nn.Identity for a zero rate.
        dropPath = dropPathRate > 0 ? addChildBlock("drop_path", new DropPath(dropPathRate)) : null;
    }

    @Override
    public void prepare(Shape[] inputShapes) {
        if (gamma != null) {
            gamma.setShape(new Shape(channels));
        }
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray y = depthwiseConv.forward(parameterStore, inputs, training).singletonOrThrow().transpose(0, 2, 3, 1);
        y = norm.normalizeLastAxis(parameterStore, y, training);
        y = Act.GELU.apply(pointwiseConv1.forward(parameterStore, new NDList(y), training).singletonOrThrow());
        if (grn != null) {
            y = grn.forward(parameterStore, new NDList(y), training).singletonOrThrow();
        }
        y = pointwiseConv2.forward(parameterStore, new NDList(y), training).singletonOrThrow();
        if (gamma != null) {
            y = y.mul(parameterStore.getValue(gamma, y.getDevice(), training));
        }
        y = y.transpose(0, 3, 1, 2);
        if (dropPath != null) {
            y = dropPath.forward(parameterStore, new NDList(y), training).singletonOrThrow();
        }
        return new NDList(x.add(y));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        depthwiseConv.initialize(manager, dataType, in);
        norm.initialize(manager, dataType, in);
        Shape channelLast = new Shape(in.get(0), in.get(2), in.get(3), channels);
        pointwiseConv1.initialize(manager, dataType, channelLast);
        Shape hidden = pointwiseConv1.getOutputShapes(new Shape[] {channelLast})[0];
        if (grn != null) {
            grn.initialize(manager, dataType, hidden);
        }
        pointwiseConv2.initialize(manager, dataType, hidden);
        if (dropPath != null) {
            dropPath.initialize(manager, dataType, in);
        }
    }
}

package org.pretrain4j.backbones.resnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;
import org.pretrain4j.backbones.layers.Act;
import org.pretrain4j.backbones.layers.DropPath;
import org.pretrain4j.backbones.layers.SELayer;
import org.pretrain4j.backbones.layers.Steps;
import org.pretrain4j.backbones.layers.StepsBlock;

/**
 * mmpretrain's {@code BasicBlock} and {@code Bottleneck}: a chain of convolution + batch norm pairs
 * ({@code conv1}/{@code bn1}, {@code conv2}/{@code bn2}[, {@code conv3}/{@code bn3}]) with a ReLU between them, then
 * optional squeeze-and-excitation ({@code se_layer}, SEResNet), optional stochastic depth, the shortcut
 * ({@code downsample} or the identity), the sum and a ReLU. The block types (ResNeXt's grouped bottleneck included)
 * differ only in their list of convolutions and the SE layer, so one class serves them all.
 */
final class ResidualBlock extends StepsBlock {
    /** Below this rate mmpretrain uses {@code nn.Identity} instead of a DropPath. */
    private static final double DROP_PATH_EPS = 1e-5;

    private final Block downsample;

    /**
     * One convolution of the residual branch.
     *
     * @param outChannels its output channels
     * @param kernel its square kernel size
     * @param stride its stride
     * @param padding its padding
     * @param dilation its dilation
     * @param groups its channel groups (ResNeXt's 3x3), 1 otherwise
     */
    record ConvSpec(int outChannels, int kernel, int stride, int padding, int dilation, int groups) {}

    /**
     * Creates a block.
     *
     * @param convs the branch's convolutions, each followed by its batch norm
     * @param se the squeeze-and-excitation layer after the last batch norm, or null
     * @param downsample the shortcut projection, or null for the identity
     * @param dropPathRate the stochastic-depth rate of this block
     * @param normEval run the batch norms in inference mode even when training
     * @param zeroInitResidual start the last batch norm's gamma at zero
     */
    ResidualBlock(List<ConvSpec> convs, SELayer se, Block downsample, float dropPathRate, boolean normEval,
            boolean zeroInitResidual) {
        super(normEval);
        for (int i = 0; i < convs.size(); i++) {
            ConvSpec c = convs.get(i);
            boolean last = i == convs.size() - 1;
            addStep("conv" + (i + 1), Steps.conv(c.outChannels(), c.kernel(), c.stride(), c.padding(), c.dilation(),
                    c.groups(), false), Act.NONE);
            // No ReLU after the last norm: it comes after the residual sum.
            addStep("bn" + (i + 1), Steps.batchNorm(last && zeroInitResidual), last ? Act.NONE : Act.RELU);
        }
        if (se != null) {
            addStep("se_layer", se, Act.NONE);
        }
        // Stochastic depth acts on the branch's output, before the sum: the branch's last step.
        if (dropPathRate > DROP_PATH_EPS) {
            addStep("drop_path", new DropPath(dropPathRate), Act.NONE);
        }
        this.downsample = downsample == null ? null : addChildBlock("downsample", downsample);
    }

    /**
     * The convolutions of mmpretrain's {@code BasicBlock} (expansion 1): a 3x3 carrying stride and dilation, then a
     * plain 3x3 (mmpretrain does not dilate the second one).
     *
     * @param outChannels the block's output channels
     * @param stride the stride of the block
     * @param dilation the dilation of the first convolution
     * @return the two convolutions
     */
    static List<ConvSpec> basic(int outChannels, int stride, int dilation) {
        return List.of(new ConvSpec(outChannels, 3, stride, dilation, dilation, 1),
                new ConvSpec(outChannels, 3, 1, 1, 1, 1));
    }

    /**
     * The convolutions of mmpretrain's {@code Bottleneck} (expansion 4): 1x1 down to the mid channels, 3x3, 1x1 up.
     * Style {@code pytorch} strides the 3x3, {@code caffe} the first 1x1. The mid channels are a quarter of the output
     * channels; with groups (ResNeXt) they become {@code groups * widthPerGroup * quarter / baseChannels}, and the 3x3
     * is grouped.
     *
     * @param outChannels the block's output channels
     * @param stride the stride of the block
     * @param dilation the dilation of the 3x3 convolution
     * @param caffe stride the first 1x1 instead of the 3x3
     * @param groups the groups of the 3x3 convolution; 1 for ResNet's bottleneck
     * @param widthPerGroup ResNeXt's channels per group at {@code baseChannels}; ignored when {@code groups} is 1
     * @param baseChannels the network's {@code base_channels}
     * @return the three convolutions
     */
    static List<ConvSpec> bottleneck(int outChannels, int stride, int dilation, boolean caffe, int groups,
            int widthPerGroup, int baseChannels) {
        int quarter = outChannels / ResNet.BOTTLENECK_EXPANSION;
        // quarter is baseChannels * 2^stage, so the division is exact (mmpretrain asserts it).
        int mid = groups == 1 ? quarter : groups * widthPerGroup * quarter / baseChannels;
        return List.of(new ConvSpec(mid, 1, caffe ? stride : 1, 0, 1, 1),
                new ConvSpec(mid, 3, caffe ? 1 : stride, dilation, dilation, groups),
                new ConvSpec(outChannels, 1, 1, 0, 1, 1));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray out = forwardSteps(parameterStore, x, training);
        NDArray identity = downsample == null ? x : downsample.forward(parameterStore, inputs, training).head();
        // In place, as torchvision's `out += identity`: the last step (batch norm, SE, drop path) does not keep its
        // output for backward. The temporaries are closed at once (see Steps#forward for why).
        out.addi(identity);
        if (identity != x) {
            identity.close();
        }
        NDArray result = Act.RELU.apply(out);
        out.close();
        return new NDList(result);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        super.initializeChildBlocks(manager, dataType, inputShapes);
        if (downsample != null) {
            downsample.initialize(manager, dataType, inputShapes[0]);
        }
    }
}

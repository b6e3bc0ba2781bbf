package org.pretrain4j.backbones.resnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;
import org.pretrain4j.backbones.layers.DropPath;

/**
 * mmpretrain's {@code BasicBlock} and {@code Bottleneck}: a chain of convolution + batch norm pairs
 * ({@code conv1}/{@code bn1}, {@code conv2}/{@code bn2}[, {@code conv3}/{@code bn3}]) with a ReLU between them, then
 * optional stochastic depth, the shortcut ({@code downsample} or the identity), the sum and a ReLU. The two block
 * types differ only in their list of convolutions, so one class serves both.
 */
final class ResidualBlock extends AbstractBlock {
    /** Below this rate mmpretrain uses {@code nn.Identity} instead of a DropPath. */
    private static final double DROP_PATH_EPS = 1e-5;

    private final Steps branch;
    private final Block downsample;
    private final DropPath dropPath;

    /**
     * One convolution of the residual branch.
     *
     * @param outChannels its output channels
     * @param kernel its square kernel size
     * @param stride its stride
     * @param padding its padding
     * @param dilation its dilation
     */
    record ConvSpec(int outChannels, int kernel, int stride, int padding, int dilation) {}

    /**
     * Creates a block.
     *
     * @param convs the branch's convolutions, each followed by its batch norm
     * @param downsample the shortcut projection, or null for the identity
     * @param dropPathRate the stochastic-depth rate of this block
     * @param normEval run the batch norms in inference mode even when training
     * @param zeroInitResidual start the last batch norm's gamma at zero
     */
    ResidualBlock(List<ConvSpec> convs, Block downsample, float dropPathRate, boolean normEval,
            boolean zeroInitResidual) {
        super((byte) 1);
        branch = new Steps(normEval);
        for (int i = 0; i < convs.size(); i++) {
            ConvSpec c = convs.get(i);
            boolean last = i == convs.size() - 1;
            branch.add(addChildBlock("conv" + (i + 1), Steps.conv(c.outChannels(), c.kernel(), c.stride(),
                    c.padding(), c.dilation())), false);
            // No ReLU after the last norm: it comes after the residual sum.
            branch.add(addChildBlock("bn" + (i + 1), Steps.batchNorm(last && zeroInitResidual)), !last);
        }
        this.downsample = downsample == null ? null : addChildBlock("downsample", downsample);
        this.dropPath = dropPathRate > DROP_PATH_EPS ? addChildBlock("drop_path", new DropPath(dropPathRate)) : null;
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
        return List.of(new ConvSpec(outChannels, 3, stride, dilation, dilation), new ConvSpec(outChannels, 3, 1, 1, 1));
    }

    /**
     * The convolutions of mmpretrain's {@code Bottleneck} (expansion 4): 1x1 down to a quarter of the channels, 3x3,
     * 1x1 up. Style {@code pytorch} strides the 3x3, {@code caffe} the first 1x1.
     *
     * @param outChannels the block's output channels
     * @param stride the stride of the block
     * @param dilation the dilation of the 3x3 convolution
     * @param caffe stride the first 1x1 instead of the 3x3
     * @return the three convolutions
     */
    static List<ConvSpec> bottleneck(int outChannels, int stride, int dilation, boolean caffe) {
        int mid = outChannels / ResNet.BOTTLENECK_EXPANSION;
        return List.of(new ConvSpec(mid, 1, caffe ? stride : 1, 0, 1),
                new ConvSpec(mid, 3, caffe ? 1 : stride, dilation, dilation),
                new ConvSpec(outChannels, 1, 1, 0, 1));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray out = branch.forward(parameterStore, x, training);
        NDArray identity = downsample == null ? x : downsample.forward(parameterStore, inputs, training).head();
        if (dropPath != null) {
            out = dropPath.forward(parameterStore, new NDList(out), training).head();
        }
        return new NDList(Activation.relu(out.add(identity)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {branch.outputShape(inputShapes[0])};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape out = branch.initialize(manager, dataType, inputShapes[0]);
        if (downsample != null) {
            downsample.initialize(manager, dataType, inputShapes[0]);
        }
        if (dropPath != null) {
            dropPath.initialize(manager, dataType, out);
        }
    }
}

package org.pretrain4j.backbones.layers;

import static java.util.Objects.checkFromToIndex;
import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.XavierInitializer;
import java.util.ArrayList;
import java.util.List;

/**
 * A run of child blocks applied one after another, each optionally followed by an activation. The owning block
 * registers the children under their mmpretrain names and hands them here, so that forward, shape inference and
 * initialisation are written once for stems, residual branches, {@link ConvModule}s and every plain sequence.
 *
 * <p>With {@code normEval} the batch norms among the steps always run in inference mode (mmpretrain's
 * {@code norm_eval}): a {@link BatchNorm2d} updates its running statistics whenever it is called with
 * {@code training = true}, so the flag has to be cleared per call.
 */
public final class Steps {
    /**
     * Kaiming normal, fan_out, ReLU gain: mmengine's {@code KaimingInit} / {@code kaiming_init} defaults, which
     * mmpretrain's CNN backbones and mmcv's {@code ConvModule} apply to every {@code Conv2d} (MobileNetV3's
     * {@code leaky_relu} with slope 0 has the same gain). DJL's Xavier initializer with factor OUT and magnitude 2 is
     * exactly {@code N(0, sqrt(2 / fan_out))}.
     */
    public static final Initializer KAIMING_FAN_OUT =
            new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.OUT, 2);

    private final List<Block> blocks = new ArrayList<>();
    private final List<Act> acts = new ArrayList<>();
    private final boolean normEval;

    /**
     * Creates an empty run.
     *
     * @param normEval run the batch norms among the steps in inference mode even when training
     */
    public Steps(boolean normEval) {
        this.normEval = normEval;
    }

    /**
     * Appends a step.
     *
     * @param block the block, already registered as a child of the owner
     * @param act the activation applied after it
     * @param <B> the block type
     * @return the block
     */
    public <B extends Block> B add(B block, Act act) {
        blocks.add(requireNonNull(block, "block is null"));
        acts.add(requireNonNull(act, "act is null"));
        return block;
    }

    /**
     * The steps' blocks, in order.
     *
     * @return an unmodifiable copy
     */
    public List<Block> blocks() {
        return List.copyOf(blocks);
    }

    /**
     * Runs the steps. Each intermediate result (a step's output before its activation, and every step's output but
     * the last) is closed as soon as the next step has consumed it, so its memory goes back to the allocator while
     * it is still in cache and a pass does not hold every activation until its step's manager closes. That is safe
     * in training too: libtorch's autograd keeps what backward needs by reference, independent of DJL's handle.
     * So a step must return a new array or its own input, never an array it keeps (a parameter, a cache).
     *
     * @param parameterStore the parameter store
     * @param x the input
     * @param training whether this is a training pass
     * @return the output of the last step (the input when there are none)
     */
    public NDArray forward(ParameterStore parameterStore, NDArray x, boolean training) {
        return forward(parameterStore, x, training, blocks.size());
    }

    /**
     * Runs the first steps only, e.g. a head's layers before its classifier.
     *
     * @param parameterStore the parameter store
     * @param x the input
     * @param training whether this is a training pass
     * @param count how many steps to run, each with its activation
     * @return the output of step {@code count - 1} (the input when {@code count} is 0)
     * @throws IndexOutOfBoundsException if {@code count} is negative or above the number of steps
     */
    public NDArray forward(ParameterStore parameterStore, NDArray x, boolean training, int count) {
        checkFromToIndex(0, count, blocks.size());
        NDArray out = x;
        for (int i = 0; i < count; i++) {
            Block block = blocks.get(i);
            boolean stepTraining = training && !(normEval && block instanceof BatchNorm2d);
            NDArray y = block.forward(parameterStore, new NDList(out), stepTraining).singletonOrThrow();
            NDArray next = acts.get(i).apply(y);
            if (y != next && y != out) {
                y.close();
            }
            if (out != x && out != next) {
                out.close();
            }
            out = next;
        }
        return out;
    }

    /**
     * Infers the output shape.
     *
     * @param input the input shape
     * @return the shape after the last step
     */
    public Shape outputShape(Shape input) {
        Shape shape = input;
        for (Block block : blocks) {
            shape = block.getOutputShapes(new Shape[] {shape})[0];
        }
        return shape;
    }

    /**
     * Initialises the steps in order, each from the previous one's output shape.
     *
     * @param manager the manager for the parameters
     * @param dataType the parameter type
     * @param input the input shape
     * @return the output shape
     */
    public Shape initialize(NDManager manager, DataType dataType, Shape input) {
        Shape shape = input;
        for (Block block : blocks) {
            block.initialize(manager, dataType, shape);
            shape = block.getOutputShapes(new Shape[] {shape})[0];
        }
        return shape;
    }

    /**
     * A bias-free square convolution with Kaiming fan_out initialisation, mmpretrain's {@code build_conv_layer(...,
     * bias=False)}.
     *
     * @param outChannels the output channels
     * @param kernel the kernel size
     * @param stride the stride
     * @param padding the padding on each side
     * @param dilation the dilation
     * @return the convolution
     */
    public static Conv2d conv(int outChannels, int kernel, int stride, int padding, int dilation) {
        return conv(outChannels, kernel, stride, padding, dilation, 1, false);
    }

    /**
     * A square convolution with Kaiming fan_out initialisation (a bias starts at zero, as mmengine's
     * {@code kaiming_init} sets it).
     *
     * @param outChannels the output channels
     * @param kernel the kernel size
     * @param stride the stride
     * @param padding the padding on each side
     * @param dilation the dilation
     * @param groups the number of channel groups; the input channels must be divisible by it
     * @param bias whether the convolution adds a bias
     * @return the convolution
     */
    public static Conv2d conv(int outChannels, int kernel, int stride, int padding, int dilation, int groups,
            boolean bias) {
        Conv2d conv = Conv2d.builder()
                .setFilters(outChannels)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(padding, padding))
                .optDilation(new Shape(dilation, dilation))
                .optGroups(groups)
                .optBias(bias)
                .build();
        conv.getParameters().get("weight").setInitializer(KAIMING_FAN_OUT);
        return conv;
    }

    /**
     * A batch norm over channel axis 1 with PyTorch's defaults (eps 1e-5, momentum 0.1).
     *
     * @param zeroGamma start gamma at 0 instead of 1, so the residual branch it closes starts as zero
     *     ({@code zero_init_residual})
     * @return the batch norm
     */
    public static BatchNorm2d batchNorm(boolean zeroGamma) {
        return new BatchNorm2d((float) BatchNormCfg.BN.eps(), (float) BatchNormCfg.BN.momentum(), zeroGamma);
    }
}

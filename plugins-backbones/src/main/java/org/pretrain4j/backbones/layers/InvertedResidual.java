package org.pretrain4j.backbones.layers;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The MobileNet inverted residual block: an optional 1x1 expansion {@link ConvModule} (when the mid channels differ
 * from the input's), a depthwise k x k {@link ConvModule} carrying the stride, an optional {@link SELayer}, a 1x1
 * linear {@link ConvModule} (norm, no activation), and the identity added when the stride is 1 and the channels
 * are unchanged.
 *
 * <p>mmpretrain has two copies of this block that differ only in their state-dict names and options, so one class
 * serves both through two factories: {@link #of} is {@code models/utils/inverted_residual.py} (children
 * {@code expand_conv}, {@code depthwise_conv}, {@code se}, {@code linear_conv}; used by MobileNetV3), and
 * {@link #mobileNetV2} is MobileNetV2's local class (the convolutions as {@code conv.0}, {@code conv.1},
 * {@code conv.2}, which is also torchvision's layout).
 */
public final class InvertedResidual extends StepsBlock {
    private final boolean residual;

    /**
     * Registers the branch's children in order.
     *
     * @param children the branch's children by state-dict name, in order
     * @param residual whether the input is added to the branch's output
     * @param dropPathRate stochastic depth on the branch when it is added to the input
     */
    private InvertedResidual(Map<String, Block> children, boolean residual, float dropPathRate) {
        super(false);
        this.residual = residual;
        children.forEach((name, child) -> addStep(name, child, Act.NONE));
        // mmpretrain: DropPath only for a positive rate, otherwise nn.Identity; it matters only with the shortcut.
        if (residual && dropPathRate > 0f) {
            addStep("drop_path", new DropPath(dropPathRate), Act.NONE);
        }
    }

    /**
     * mmpretrain's shared {@code InvertedResidual} ({@code models/utils/inverted_residual.py}).
     *
     * @param inChannels the input channels
     * @param outChannels the output channels
     * @param midChannels the expanded channels; no expansion convolution when equal to {@code inChannels}
     * @param kernel the depthwise kernel size (padding {@code kernel / 2})
     * @param stride 1 or 2, on the depthwise convolution
     * @param se the squeeze-and-excitation layer after the depthwise convolution (over {@code midChannels}), or null
     * @param norm the batch norms of the three convolutions
     * @param act the activation of the expansion and depthwise convolutions
     * @param dropPathRate the stochastic-depth rate of the residual branch, in [0, 1)
     * @return the block
     * @throws IllegalArgumentException if the stride is not 1 or 2, or a size is not positive
     */
    public static InvertedResidual of(int inChannels, int outChannels, int midChannels, int kernel, int stride,
            SELayer se, BatchNormCfg norm, Act act, float dropPathRate) {
        List<ConvModule> convs = convs(inChannels, outChannels, midChannels, kernel, stride, norm, act);
        Map<String, Block> children = new LinkedHashMap<>();
        if (convs.size() == 3) {
            children.put("expand_conv", convs.get(0));
        }
        children.put("depthwise_conv", convs.get(convs.size() - 2));
        if (se != null) {
            children.put("se", se);
        }
        children.put("linear_conv", convs.get(convs.size() - 1));
        return new InvertedResidual(children, stride == 1 && inChannels == outChannels, dropPathRate);
    }

    /**
     * MobileNetV2's own {@code InvertedResidual}: hidden channels {@code round(in * expandRatio)}, a 3x3 depthwise
     * convolution, no SE, no stochastic depth, children under {@code conv}.
     *
     * @param inChannels the input channels
     * @param outChannels the output channels
     * @param stride 1 or 2
     * @param expandRatio the expansion ratio; 1 means no expansion convolution
     * @param norm the batch norms
     * @param act the activation (ReLU6 in MobileNetV2)
     * @return the block
     * @throws IllegalArgumentException if the stride is not 1 or 2, or a size is not positive
     */
    public static InvertedResidual mobileNetV2(int inChannels, int outChannels, int stride, int expandRatio,
            BatchNormCfg norm, Act act) {
        // mmpretrain expands iff expand_ratio != 1; for a positive integer ratio that is the same as hidden != in.
        List<ConvModule> convs = convs(inChannels, outChannels, inChannels * expandRatio, 3, stride, norm, act);
        return new InvertedResidual(Map.of("conv", new NamedSequence(false).addAll(convs)),
                stride == 1 && inChannels == outChannels, 0f);
    }

    /** The expansion (only when mid differs from in), depthwise and linear convolutions: two or three modules. */
    private static List<ConvModule> convs(int in, int out, int mid, int kernel, int stride, BatchNormCfg norm,
            Act act) {
        if (stride != 1 && stride != 2) {
            throw new IllegalArgumentException("stride must be 1 or 2, got " + stride);
        }
        if (in < 1 || out < 1 || mid < 1) {
            throw new IllegalArgumentException("channels must be positive, got in " + in + ", mid " + mid + ", out "
                    + out);
        }
        requireNonNull(norm, "norm is null");
        List<ConvModule> convs = new ArrayList<>(3);
        if (mid != in) {
            convs.add(ConvModule.builder(mid).norm(norm).act(act).build());
        }
        convs.add(ConvModule.builder(mid).kernel(kernel).stride(stride).groups(mid).norm(norm).act(act).build());
        convs.add(ConvModule.builder(out).norm(norm).act(Act.NONE).build());
        return convs;
    }

    /**
     * Tells whether the block adds its input to the branch's output.
     *
     * @return true when the stride is 1 and the channels are unchanged
     */
    public boolean hasShortcut() {
        return residual;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray out = forwardSteps(parameterStore, x, training);
        return new NDList(residual ? x.add(out) : out);
    }
}

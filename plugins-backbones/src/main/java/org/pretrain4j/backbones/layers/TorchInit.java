package org.pretrain4j.backbones.layers;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.training.initializer.XavierInitializer;

/**
 * PyTorch's default initialisation of {@code nn.Linear} and {@code nn.Conv2d}, which mmpretrain keeps for modules
 * without an {@code init_cfg} (LeNet5, the linear necks): {@code kaiming_uniform_(a = sqrt(5))} for the weight and
 * {@code U(-1/sqrt(fan_in), 1/sqrt(fan_in))} for the bias. The first works out to the same bound as the second, so
 * both are one uniform initializer. DJL's default (Xavier) would start training from a different scale.
 */
public final class TorchInit {
    /** Xavier uniform, {@code U(+-sqrt(6 / (fan_in + fan_out)))}: DJL's AVG factor is the mean fan, hence magnitude 3. */
    private static final XavierInitializer XAVIER_UNIFORM =
            new XavierInitializer(XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.AVG, 3);

    private TorchInit() {}

    /**
     * PyTorch's {@code nn.init.xavier_uniform_} (gain 1) for a Linear weight {@code (out, in)}, which mmpretrain's
     * transformers use for their FFNs and MAE's {@code init_cfg} for every Linear layer. (On a convolution weight DJL
     * counts the kernel in both fans, as PyTorch does.)
     *
     * @return the initializer
     */
    public static XavierInitializer xavierUniform() {
        return XAVIER_UNIFORM;
    }

    /**
     * Sets PyTorch's default initialisation on a linear or convolution block.
     *
     * @param block the block, with a {@code weight} and optionally a {@code bias}
     * @param fanIn input features of a linear layer; {@code in_channels / groups * kernel_h * kernel_w} of a
     *     convolution
     * @param <B> the block type
     * @return the block
     */
    public static <B extends Block> B defaults(B block, long fanIn) {
        if (fanIn < 1) {
            throw new IllegalArgumentException("fanIn must be positive, got " + fanIn);
        }
        UniformInitializer uniform = new UniformInitializer((float) (1.0 / Math.sqrt(fanIn)));
        block.setInitializer(uniform, Parameter.Type.WEIGHT);
        block.setInitializer(uniform, Parameter.Type.BIAS);
        return block;
    }

    /**
     * mmengine's {@code TruncNormal}/{@code Normal} init over a module tree, as self-supervised backbones apply it:
     * the weights of every Linear and Conv2d below {@code root} from {@code N(0, std)} (mmengine's
     * {@code trunc_normal_} cuts at +-2, i.e. nowhere for a small std), Linear biases zero.
     *
     * @param root the tree
     * @param std the standard deviation
     * @param zeroConvBias whether convolution biases are zeroed too (else they keep their initialiser)
     */
    public static void normalWeights(Block root, float std, boolean zeroConvBias) {
        NormalInitializer normal = new NormalInitializer(std);
        for (Block child : root.getChildren().values()) {
            if (child instanceof Linear || child instanceof Conv2d) {
                child.setInitializer(normal, Parameter.Type.WEIGHT);
                if (child instanceof Linear || zeroConvBias) {
                    child.setInitializer(Initializer.ZEROS, Parameter.Type.BIAS);
                }
            } else {
                normalWeights(child, std, zeroConvBias);
            }
        }
    }

    /**
     * An initialiser whose values are another's divided by a constant (mmpretrain's {@code rescale_init_weight}).
     *
     * @param inner the initialiser
     * @param divisor what its values are divided by
     * @return the initialiser
     */
    public static Initializer divided(Initializer inner, double divisor) {
        return (manager, shape, dataType) -> inner.initialize(manager, shape, dataType).div(divisor);
    }
}

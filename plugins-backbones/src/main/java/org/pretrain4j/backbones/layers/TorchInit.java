package org.pretrain4j.backbones.layers;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.training.initializer.XavierInitializer;

/**
 * PyTorch's default initialisation of {@code nn.Linear} and {@code nn.Conv2d}, which mmpretrain keeps wherever a
 * module has no {@code init_weights} of its own (attention projections, the patch embedding): weight
 * {@code kaiming_uniform_(a = sqrt(5))}, i.e. {@code U(-1/sqrt(fan_in), 1/sqrt(fan_in))}, and bias from the same
 * range. DJL's defaults (Xavier weight, zero bias) differ.
 */
public final class TorchInit {
    /** DJL's Xavier with factor IN and magnitude 1 draws from {@code U(-sqrt(1/fan_in), sqrt(1/fan_in))}. */
    private static final XavierInitializer UNIFORM_FAN_IN =
            new XavierInitializer(XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.IN, 1);

    private TorchInit() {}

    /**
     * Sets PyTorch's default initialisers on a {@code Linear} or {@code Conv2d} block.
     *
     * @param block the layer
     * @param fanIn its input features times its kernel area; the bias range depends on it, and a bias's own shape
     *     does not tell it
     * @param <B> the block type
     * @return the block
     */
    public static <B extends Block> B pytorchDefault(B block, long fanIn) {
        block.setInitializer(UNIFORM_FAN_IN, Parameter.Type.WEIGHT);
        block.setInitializer(new UniformInitializer((float) (1 / Math.sqrt(fanIn))), Parameter.Type.BIAS);
        return block;
    }
}

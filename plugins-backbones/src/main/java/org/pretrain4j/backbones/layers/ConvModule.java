package org.pretrain4j.backbones.layers;

import static java.util.Objects.requireNonNull;


/**
 * mmcv's {@code ConvModule} in its default order (convolution, norm, activation), with its child names: {@code conv}
 * and {@code bn}, so a checkpoint's {@code conv1.conv.weight} and {@code conv1.bn.running_mean} land here. As in mmcv
 * the convolution has a bias exactly when there is no norm ({@code bias='auto'}), and it starts from Kaiming fan_out
 * (mmcv's {@code ConvModule.init_weights}).
 */
public final class ConvModule extends StepsBlock {
    private ConvModule(Builder b) {
        super(b.norm != null && b.norm.normEval());
        boolean bias = b.norm == null;
        addStep("conv", Steps.conv(b.outChannels, b.kernel, b.stride, b.padding, 1, b.groups, bias),
                bias ? b.act : Act.NONE);
        if (b.norm != null) {
            addStep("bn", b.norm.build(true), b.act);
        }
    }

    /**
     * Starts a module: by default a 1x1 stride-1 convolution with PyTorch-default batch norm and ReLU, as mmcv's
     * {@code ConvModule(..., norm_cfg=dict(type='BN'))}.
     *
     * @param outChannels the output channels, positive
     * @return the builder
     */
    public static Builder builder(int outChannels) {
        return new Builder(outChannels);
    }

    /** Builds a {@link ConvModule}; the input channels come from the input at initialisation, as always in DJL. */
    public static final class Builder {
        private final int outChannels;
        private int kernel = 1;
        private int stride = 1;
        private int padding;
        private int groups = 1;
        private BatchNormCfg norm = BatchNormCfg.BN;
        private Act act = Act.RELU;

        private Builder(int outChannels) {
            this.outChannels = positive(outChannels, "outChannels");
        }

        /**
         * Sets the square kernel size and the padding that keeps the size at stride 1 ({@code kernel / 2}).
         *
         * @param size the kernel size, positive
         * @return this
         */
        public Builder kernel(int size) {
            this.kernel = positive(size, "kernel");
            this.padding = size / 2;
            return this;
        }

        /**
         * Sets the stride.
         *
         * @param value the stride, positive
         * @return this
         */
        public Builder stride(int value) {
            this.stride = positive(value, "stride");
            return this;
        }

        /**
         * Sets the number of channel groups ({@code groups = channels} is a depthwise convolution).
         *
         * @param value the groups, positive, dividing the input and output channels
         * @return this
         */
        public Builder groups(int value) {
            this.groups = positive(value, "groups");
            return this;
        }

        /**
         * Sets the batch norm, or removes it (then the convolution gets a bias).
         *
         * @param cfg the batch-norm config (its {@code norm_eval} included), or null for none ({@code norm_cfg=None})
         * @return this
         */
        public Builder norm(BatchNormCfg cfg) {
            this.norm = cfg;
            return this;
        }

        /**
         * Sets the activation.
         *
         * @param value the activation; {@link Act#NONE} for mmcv's {@code act_cfg=None}
         * @return this
         */
        public Builder act(Act value) {
            this.act = requireNonNull(value, "act is null");
            return this;
        }

        /**
         * Builds the module.
         *
         * @return the module
         */
        public ConvModule build() {
            return new ConvModule(this);
        }

        private static int positive(int value, String name) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be positive, got " + value);
            }
            return value;
        }
    }
}

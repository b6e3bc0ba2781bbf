package org.pretrain4j.backbones.mobilenet;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import org.pretrain4j.backbones.layers.Act;
import org.pretrain4j.backbones.layers.BatchNormCfg;
import org.pretrain4j.backbones.layers.ConvModule;
import org.pretrain4j.backbones.layers.InvertedResidual;
import org.pretrain4j.backbones.layers.MakeDivisible;
import org.pretrain4j.backbones.layers.NamedSequence;
import org.pretrain4j.backbones.layers.StagedBackbone;

/**
 * mmpretrain's {@code MobileNetV2} ({@code models/backbones/mobilenet_v2.py}): a 3x3 stride-2 {@code conv1}, seven
 * stages {@code layer1..layer7} of MobileNetV2 inverted residuals, and a 1x1 {@code conv2} to 1280 channels (more when
 * {@code widen_factor > 1}); ReLU6 and PyTorch-default batch norms throughout. The forward pass returns the layers in
 * {@code out_indices} (0..6 the stages, 7 {@code conv2}).
 *
 * <p>As in mmpretrain, {@code frozen_stages >= 0} stops the gradients of {@code conv1} but leaves it in training
 * mode (its batch-norm statistics still update), while the frozen stages run in inference mode.
 */
public final class MobileNetV2 extends StagedBackbone {
    /** mmpretrain's {@code arch_settings} rows: expand ratio, channels, blocks, stride of the first block. */
    private static final int[][] ARCH = {
        {1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}
    };
    /** The channel divisor of every layer. */
    private static final int DIVISOR = 8;
    private static final int STEM_CHANNELS = 32;
    private static final int LAST_CHANNELS = 1280;

    private final MobileNetV2Config config;
    private final int featDim;

    /**
     * Builds the network.
     *
     * @param config the validated config
     * @throws IllegalArgumentException if an out index is not in 0..7 or frozen_stages is not in -1..7
     */
    public MobileNetV2(MobileNetV2Config config) {
        super(false); // conv1 is a ConvModule that carries norm_eval itself
        this.config = requireNonNull(config, "config is null");
        double w = config.widenFactor();
        BatchNormCfg norm = BatchNormCfg.BN.withNormEval(config.normEval());
        int in = MakeDivisible.of(STEM_CHANNELS * w, DIVISOR);
        addStem("conv1", ConvModule.builder(in).kernel(3).stride(2).norm(norm).act(Act.RELU6).build(), Act.NONE);
        for (int i = 0; i < ARCH.length; i++) {
            int expandRatio = ARCH[i][0];
            int out = MakeDivisible.of(ARCH[i][1] * w, DIVISOR);
            List<InvertedResidual> blocks = new ArrayList<>();
            for (int b = 0; b < ARCH[i][2]; b++) {
                blocks.add(InvertedResidual.mobileNetV2(in, out, b == 0 ? ARCH[i][3] : 1, expandRatio, norm,
                        Act.RELU6));
                in = out;
            }
            addStage("layer" + (i + 1), new NamedSequence(false).addAll(blocks));
        }
        featDim = w > 1.0 ? (int) (LAST_CHANNELS * w) : LAST_CHANNELS;
        addStage("conv2", ConvModule.builder(featDim).norm(norm).act(Act.RELU6).build());
        if (config.frozenStages() < -1 || config.frozenStages() > ARCH.length) {
            throw new IllegalArgumentException("frozen_stages must be in [-1, " + ARCH.length + "], got "
                    + config.frozenStages());
        }
        select(config.outIndices(), Math.max(config.frozenStages(), 0), config.frozenStages() >= 0, false);
    }

    /**
     * How many layers {@code out_indices} can pick from: the seven stages and {@code conv2}.
     *
     * @return 8
     */
    public static int layerCount() {
        return ARCH.length + 1;
    }

    /**
     * The config this network was built from.
     *
     * @return the config
     */
    public MobileNetV2Config config() {
        return config;
    }

    /**
     * The output channels of {@code conv2}.
     *
     * @return 1280, or {@code int(1280 * widen_factor)} when the factor exceeds 1
     */
    public int featDim() {
        return featDim;
    }
}

package org.pretrain4j.backbones.mobilenet;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import org.pretrain4j.backbones.layers.Act;
import org.pretrain4j.backbones.layers.BatchNormCfg;
import org.pretrain4j.backbones.layers.ConvModule;
import org.pretrain4j.backbones.layers.InvertedResidual;
import org.pretrain4j.backbones.layers.SELayer;
import org.pretrain4j.backbones.layers.StagedBackbone;

/**
 * mmpretrain's {@code MobileNetV3} ({@code models/backbones/mobilenet_v3.py}): {@code layer0} (3x3 stride-2
 * {@link ConvModule} to 16 channels, HSwish), one shared-style {@link InvertedResidual} per row of the arch table
 * ({@code layer1..layerN}, SE layers squeezing to {@code make_divisible(mid / 4, 8)} with ReLU and HSigmoid), then a
 * 1x1 {@link ConvModule} to the last row's mid channels with HSwish. Batch norms use eps 0.001 and momentum 0.01.
 * Every layer counts for {@code out_indices} and {@code frozen_stages}, the stem included.
 */
public final class MobileNetV3 extends StagedBackbone {
    /** mmpretrain's {@code norm_cfg} default for MobileNetV3: {@code dict(type='BN', eps=0.001, momentum=0.01)}. */
    private static final BatchNormCfg NORM = new BatchNormCfg("BN", 0.001, 0.01, true, false);
    private static final int STEM_CHANNELS = 16;
    private static final int SE_RATIO = 4;

    /**
     * One row of mmpretrain's {@code arch_settings}.
     *
     * @param kernel the depthwise kernel size
     * @param mid the expanded channels
     * @param out the output channels
     * @param se whether the block has an SE layer
     * @param act the activation
     * @param stride the depthwise stride
     */
    private record Row(int kernel, int mid, int out, boolean se, Act act, int stride) {}

    private static Row relu(int kernel, int mid, int out, boolean se, int stride) {
        return new Row(kernel, mid, out, se, Act.RELU, stride);
    }

    private static Row hswish(int kernel, int mid, int out, boolean se, int stride) {
        return new Row(kernel, mid, out, se, Act.HSWISH, stride);
    }

    /** The architectures of mmpretrain's {@code arch_settings}. */
    public enum Arch {
        /** MobileNetV3-Small. */
        SMALL(List.of(relu(3, 16, 16, true, 2), relu(3, 72, 24, false, 2), relu(3, 88, 24, false, 1),
                hswish(5, 96, 40, true, 2), hswish(5, 240, 40, true, 1), hswish(5, 240, 40, true, 1),
                hswish(5, 120, 48, true, 1), hswish(5, 144, 48, true, 1), hswish(5, 288, 96, true, 2),
                hswish(5, 576, 96, true, 1), hswish(5, 576, 96, true, 1))),
        /** MobileNetV3-Small at 0.75 width (mmpretrain's own table, not a multiplier). */
        SMALL_075(List.of(relu(3, 16, 16, true, 2), relu(3, 72, 24, false, 2), relu(3, 88, 24, false, 1),
                hswish(5, 96, 32, true, 2), hswish(5, 192, 32, true, 1), hswish(5, 192, 32, true, 1),
                hswish(5, 96, 40, true, 1), hswish(5, 120, 40, true, 1), hswish(5, 240, 72, true, 2),
                hswish(5, 432, 72, true, 1), hswish(5, 432, 72, true, 1))),
        /** MobileNetV3-Small at 0.5 width. */
        SMALL_050(List.of(relu(3, 16, 8, true, 2), relu(3, 40, 16, false, 2), relu(3, 56, 16, false, 1),
                hswish(5, 64, 24, true, 2), hswish(5, 144, 24, true, 1), hswish(5, 144, 24, true, 1),
                hswish(5, 72, 24, true, 1), hswish(5, 72, 24, true, 1), hswish(5, 144, 48, true, 2),
                hswish(5, 288, 48, true, 1), hswish(5, 288, 48, true, 1))),
        /** MobileNetV3-Large. */
        LARGE(List.of(relu(3, 16, 16, false, 1), relu(3, 64, 24, false, 2), relu(3, 72, 24, false, 1),
                relu(5, 72, 40, true, 2), relu(5, 120, 40, true, 1), relu(5, 120, 40, true, 1),
                hswish(3, 240, 80, false, 2), hswish(3, 200, 80, false, 1), hswish(3, 184, 80, false, 1),
                hswish(3, 184, 80, false, 1), hswish(3, 480, 112, true, 1), hswish(3, 672, 112, true, 1),
                hswish(5, 672, 160, true, 2), hswish(5, 960, 160, true, 1), hswish(5, 960, 160, true, 1)));

        private final List<Row> rows;

        Arch(List<Row> rows) {
            this.rows = rows;
        }

        /**
         * The spelling configs use.
         *
         * @return e.g. {@code small_075}
         */
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * How many layers {@code out_indices} and {@code frozen_stages} count: the stem, one per row, the last
         * convolution.
         *
         * @return 13 for the small archs, 17 for large
         */
        public int layerCount() {
            return rows.size() + 2;
        }

        /**
         * mmpretrain's default {@code out_indices}: the last layer.
         *
         * @return {@code [layerCount() - 1]}
         */
        public List<Integer> defaultOutIndices() {
            return List.of(layerCount() - 1);
        }

        /**
         * The output channels of the last layer, mmpretrain's {@code feat_dim}.
         *
         * @return 576 for small, 960 for large
         */
        public int featDim() {
            return rows.get(rows.size() - 1).mid();
        }
    }

    private final MobileNetV3Config config;

    /**
     * Builds the network.
     *
     * @param config the validated config
     * @throws IllegalArgumentException if an out index or frozen_stages is out of the arch's range
     */
    public MobileNetV3(MobileNetV3Config config) {
        super(false); // every layer is a stage that carries norm_eval itself
        this.config = requireNonNull(config, "config is null");
        BatchNormCfg norm = NORM.withNormEval(config.normEval());
        addStage("layer0", ConvModule.builder(STEM_CHANNELS).kernel(3).stride(2).norm(norm).act(Act.HSWISH).build());
        int in = STEM_CHANNELS;
        List<Row> rows = config.arch().rows;
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            SELayer se = r.se()
                    ? new SELayer(r.mid(), SELayer.squeezeChannels(r.mid(), SE_RATIO), Act.RELU, Act.HSIGMOID)
                    : null;
            addStage("layer" + (i + 1), InvertedResidual.of(in, r.out(), r.mid(), r.kernel(), r.stride(), se, norm,
                    r.act(), 0f));
            in = r.out();
        }
        addStage("layer" + (rows.size() + 1), ConvModule.builder(config.arch().featDim()).norm(norm)
                .act(Act.HSWISH).build());
        int layers = config.arch().layerCount();
        if (config.frozenStages() < -1 || config.frozenStages() >= layers) {
            throw new IllegalArgumentException("frozen_stages must be in [-1, " + (layers - 1) + "], got "
                    + config.frozenStages());
        }
        select(config.outIndices(), config.frozenStages() + 1, false, false);
    }

    /**
     * The config this network was built from.
     *
     * @return the config
     */
    public MobileNetV3Config config() {
        return config;
    }

    /**
     * The output channels of the last layer, mmpretrain's {@code feat_dim}.
     *
     * @return 576 for the small arch, 960 for large
     */
    public int featDim() {
        return config.arch().featDim();
    }
}

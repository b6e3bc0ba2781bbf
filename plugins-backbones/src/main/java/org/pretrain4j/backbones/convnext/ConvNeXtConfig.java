package org.pretrain4j.backbones.convnext;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The typed config of {@code ConvNeXt}, with mmpretrain's keys and meanings. Instances from
 * {@link ConvNeXtFactory#parseConfig} are validated: {@code outIndices} holds non-negative stage indices.
 *
 * @param depths blocks per stage
 * @param channels output channels of each stage, one per entry of {@code depths}
 * @param inChannels channels of the input images
 * @param stemPatchSize kernel and stride of the stem convolution
 * @param normEps epsilon of every LayerNorm2d ({@code norm_cfg.eps})
 * @param useGrn add Global Response Normalization after the GELU of each block (ConvNeXt V2)
 * @param dropPathRate stochastic-depth rate of the deepest block, rising linearly from 0 over all blocks
 * @param layerScaleInitValue initial value of each block's layer scale {@code gamma}; 0 builds no layer scale
 * @param outIndices the 0-based stages whose outputs the forward pass returns (in stage order)
 * @param frozenStages freeze the downsample layers and blocks of stages {@code 0..frozenStages-1}
 * @param gapBeforeFinalNorm average each returned stage globally before its norm, returning {@code (N, C)}
 */
public record ConvNeXtConfig(
        List<Integer> depths,
        List<Integer> channels,
        int inChannels,
        int stemPatchSize,
        double normEps,
        boolean useGrn,
        double dropPathRate,
        double layerScaleInitValue,
        List<Integer> outIndices,
        int frozenStages,
        boolean gapBeforeFinalNorm) {

    /** mmpretrain's {@code ConvNeXt.arch_settings}: name to {depths, channels}. */
    static final Map<String, List<List<Integer>>> ARCHS = archs();

    /**
     * Copies the lists and checks their lengths.
     *
     * @param depths the blocks per stage
     * @param channels the channels per stage
     * @param inChannels the input channels
     * @param stemPatchSize the stem patch size
     * @param normEps the LayerNorm epsilon
     * @param useGrn whether blocks use GRN
     * @param dropPathRate the stochastic-depth rate
     * @param layerScaleInitValue the layer-scale initial value
     * @param outIndices the returned stages
     * @param frozenStages the frozen stages
     * @param gapBeforeFinalNorm whether outputs are pooled before their norm
     * @throws IllegalArgumentException if depths and channels differ in length or are empty
     */
    public ConvNeXtConfig {
        depths = List.copyOf(depths);
        channels = List.copyOf(channels);
        outIndices = List.copyOf(outIndices);
        if (depths.isEmpty() || depths.size() != channels.size()) {
            throw new IllegalArgumentException("depths " + depths + " and channels " + channels
                    + " must be non-empty and of the same length");
        }
    }

    /**
     * A named architecture with mmpretrain's other defaults: 3 input channels, patch size 4, eps 1e-6, layer scale
     * 1e-6, the last stage returned after global pooling and its norm, nothing frozen.
     *
     * @param arch one of {@link #archNames()}
     * @return the config
     * @throws IllegalArgumentException for an unknown name
     */
    public static ConvNeXtConfig of(String arch) {
        List<List<Integer>> a = ARCHS.get(arch);
        if (a == null) {
            throw new IllegalArgumentException("unknown ConvNeXt arch '" + arch + "', expected one of " + archNames());
        }
        return new ConvNeXtConfig(a.get(0), a.get(1), 3, 4, 1e-6, false, 0.0, 1e-6, List.of(a.get(0).size() - 1), 0,
                true);
    }

    /**
     * The architecture names mmpretrain defines.
     *
     * @return atto, femto, pico, nano, tiny, small, base, large, xlarge, huge
     */
    public static List<String> archNames() {
        return List.copyOf(ARCHS.keySet());
    }

    /**
     * The number of stages.
     *
     * @return the length of {@code depths}
     */
    public int numStages() {
        return depths.size();
    }

    private static Map<String, List<List<Integer>>> archs() {
        Map<String, List<List<Integer>>> m = new LinkedHashMap<>();
        List<Integer> small = List.of(2, 2, 6, 2);
        List<Integer> deep = List.of(3, 3, 27, 3);
        m.put("atto", List.of(small, List.of(40, 80, 160, 320)));
        m.put("femto", List.of(small, List.of(48, 96, 192, 384)));
        m.put("pico", List.of(small, List.of(64, 128, 256, 512)));
        m.put("nano", List.of(List.of(2, 2, 8, 2), List.of(80, 160, 320, 640)));
        m.put("tiny", List.of(List.of(3, 3, 9, 3), List.of(96, 192, 384, 768)));
        m.put("small", List.of(deep, List.of(96, 192, 384, 768)));
        m.put("base", List.of(deep, List.of(128, 256, 512, 1024)));
        m.put("large", List.of(deep, List.of(192, 384, 768, 1536)));
        m.put("xlarge", List.of(deep, List.of(256, 512, 1024, 2048)));
        m.put("huge", List.of(deep, List.of(352, 704, 1408, 2816)));
        return Collections.unmodifiableMap(m);
    }
}

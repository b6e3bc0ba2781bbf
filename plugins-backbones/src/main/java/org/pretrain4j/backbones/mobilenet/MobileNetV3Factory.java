package org.pretrain4j.backbones.mobilenet;

import ai.djl.ndarray.types.Shape;
import com.google.auto.service.AutoService;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.pretrain4j.api.BackboneFactory;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.Backbone;

/** Registers {@link MobileNetV3} under mmpretrain's name {@code MobileNetV3}. */
@AutoService(BackboneFactory.class)
@SuppressWarnings("rawtypes") // AutoService cannot name the generic service interface with its type argument.
public final class MobileNetV3Factory implements BackboneFactory<MobileNetV3Config> {
    /** The type name. */
    public static final String NAME = "MobileNetV3";

    /** Creates the factory. */
    public MobileNetV3Factory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "MobileNetV3 backbone (small, small_075, small_050, large): inverted residuals with SE, HSwish.";
    }

    @Override
    public List<ParamDoc> parameters() {
        return List.of(
                ParamDoc.optional("arch", "string", "small", "Architecture: small, small_075, small_050 or large."),
                ParamDoc.optional("out_indices", "list<int>", "[12] (small archs), [16] (large)",
                        "Returned layers: 0 is the stem layer0, 1..N the inverted residuals, the last (12 or 16) the "
                                + "final 1x1 convolution."),
                ParamDoc.optional("frozen_stages", "int", "-1",
                        "Freeze layer0..layerN (no gradients, batch norms in eval mode); -1 freezes nothing."),
                LayerIndices.NORM_EVAL);
    }

    @Override
    public Example example() {
        return Example.of("arch = small_050, out_indices = [0, 3, 12]", new Shape(2, 3, 32, 32));
    }

    @Override
    public MobileNetV3Config parseConfig(ConfigView config) {
        String[] names = Arrays.stream(MobileNetV3.Arch.values()).map(MobileNetV3.Arch::configName)
                .toArray(String[]::new);
        MobileNetV3.Arch arch = MobileNetV3.Arch.valueOf(
                config.getEnum("arch", "small", names).toUpperCase(Locale.ROOT));
        List<Integer> outIndices = LayerIndices.read(config, arch.defaultOutIndices(), arch.layerCount());
        int frozenStages = LayerIndices.frozenStages(config, arch.layerCount());
        return new MobileNetV3Config(arch, outIndices, frozenStages, LayerIndices.normEval(config));
    }

    @Override
    public Backbone create(MobileNetV3Config config, BuildContext context) {
        return new MobileNetV3(config);
    }
}

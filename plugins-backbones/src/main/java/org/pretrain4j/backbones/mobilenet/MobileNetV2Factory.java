package org.pretrain4j.backbones.mobilenet;

import ai.djl.ndarray.types.Shape;
import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.BackboneFactory;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.Backbone;

/** Registers {@link MobileNetV2} under mmpretrain's name {@code MobileNetV2}. */
@AutoService(BackboneFactory.class)
@SuppressWarnings("rawtypes") // AutoService cannot name the generic service interface with its type argument.
public final class MobileNetV2Factory implements BackboneFactory<MobileNetV2Config> {
    /** The type name. */
    public static final String NAME = "MobileNetV2";

    /** Creates the factory. */
    public MobileNetV2Factory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "MobileNetV2 backbone: inverted residuals with linear bottlenecks, ReLU6, up to a 1x1 conv to 1280.";
    }

    @Override
    public List<ParamDoc> parameters() {
        return List.of(
                ParamDoc.optional("widen_factor", "double", "1.0",
                        "Width multiplier of every layer (channels rounded to multiples of 8); above 1 it widens the "
                                + "last 1280-channel convolution too."),
                ParamDoc.optional("out_indices", "list<int>", "[7]",
                        "Returned layers: 0..6 are layer1..layer7, 7 is the last 1x1 convolution conv2."),
                ParamDoc.optional("frozen_stages", "int", "-1",
                        "-1 freezes nothing; N >= 0 stops conv1's gradients and freezes layer1..layerN (no gradients, "
                                + "batch norms in eval mode)."),
                LayerIndices.NORM_EVAL);
    }

    @Override
    public Example example() {
        return Example.of("widen_factor = 0.25, out_indices = [1, 7]", new Shape(2, 3, 32, 32));
    }

    @Override
    public MobileNetV2Config parseConfig(ConfigView config) {
        double widenFactor = config.getDouble("widen_factor", 1.0);
        if (!(widenFactor > 0.0)) {
            throw config.error("widen_factor", "expected a positive number, got " + widenFactor);
        }
        List<Integer> outIndices = LayerIndices.read(config, List.of(7), MobileNetV2.layerCount());
        int frozenStages = LayerIndices.frozenStages(config, MobileNetV2.layerCount());
        return new MobileNetV2Config(widenFactor, outIndices, frozenStages, LayerIndices.normEval(config));
    }

    @Override
    public Backbone create(MobileNetV2Config config, BuildContext context) {
        return new MobileNetV2(config);
    }
}

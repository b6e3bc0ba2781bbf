package com.example.pretrain4j.tiny;

import ai.djl.ndarray.types.Shape;
import com.google.auto.service.AutoService;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.HeadFactory;
import org.pretrain4j.api.Kind;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.Head;

/** Factory of {@link CosineClsHead}, registered as {@value #NAME}; its default loss is this plugin's focal loss. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(HeadFactory.class)
public final class CosineClsHeadFactory implements HeadFactory<CosineClsHeadFactory.Config> {
    /** The type name configs use. */
    public static final String NAME = "TinyCosineClsHead";

    /** The loss used when the config names none. */
    static final String DEFAULT_LOSS = "type = " + FocalLikeLossFactory.NAME + ", gamma = 2.0";

    /**
     * Typed config of {@link CosineClsHead}.
     *
     * @param numClasses the number of classes
     * @param inChannels the feature size
     * @param scale the temperature multiplying the cosines
     * @param loss the loss's config, built through the context
     */
    public record Config(int numClasses, int inChannels, double scale, ConfigView loss) {}

    /** Creates the factory; it holds no state. */
    public CosineClsHeadFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Cosine classifier: scale times the cosine between features and each class's weight row.";
    }

    @Override
    public List<ParamDoc> parameters() {
        return List.of(
                ParamDoc.required("num_classes", "int", "number of classes"),
                ParamDoc.required("in_channels", "int", "feature size of the last input"),
                ParamDoc.optional("scale", "double", "16.0", "temperature multiplying the cosines, > 0"),
                ParamDoc.optional("loss", "loss config", "{" + DEFAULT_LOSS + "}",
                        "the loss, built by type; called with avg_factor = batch size"));
    }

    @Override
    public Example example() {
        return Example.of("num_classes = 3, in_channels = 4", new Shape(2, 4));
    }

    @Override
    public Config parseConfig(ConfigView config) {
        int numClasses = config.checkRange("num_classes", config.getInt("num_classes"), 1, Integer.MAX_VALUE);
        int inChannels = config.checkRange("in_channels", config.getInt("in_channels"), 1, Integer.MAX_VALUE);
        double scale = config.getDouble("scale", 16.0);
        if (!(scale > 0)) {
            throw config.error("scale", "expected a positive number, got " + scale);
        }
        return new Config(numClasses, inChannels, scale, lossOrDefault(config, DEFAULT_LOSS));
    }

    @Override
    public Head create(Config config, BuildContext context) {
        return new CosineClsHead(config, context.build(Kind.LOSS, config.loss()));
    }

    /** The head's {@code loss} object, or the default with the path it would have had, so errors point into it. */
    static ConfigView lossOrDefault(ConfigView head, String defaultLoss) {
        return head.getOptionalView("loss").orElseGet(() -> ConfigView.of(
                ConfigFactory.parseString(defaultLoss).root(), head.path().isEmpty() ? "loss" : head.path() + ".loss"));
    }
}

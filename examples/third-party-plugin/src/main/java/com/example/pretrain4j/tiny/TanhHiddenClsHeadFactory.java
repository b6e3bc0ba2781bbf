package com.example.pretrain4j.tiny;

import ai.djl.ndarray.types.Shape;
import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.HeadFactory;
import org.pretrain4j.api.Kind;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.Head;

/** Factory of {@link TanhHiddenClsHead}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(HeadFactory.class)
public final class TanhHiddenClsHeadFactory implements HeadFactory<TanhHiddenClsHeadFactory.Config> {
    /** The type name configs use. */
    public static final String NAME = "TinyTanhHiddenClsHead";

    /**
     * Typed config of {@link TanhHiddenClsHead}.
     *
     * @param numClasses the number of classes
     * @param inChannels the feature size
     * @param hiddenDim the width of the tanh layer
     * @param loss the loss's config, built through the context
     */
    public record Config(int numClasses, int inChannels, int hiddenDim, ConfigView loss) {}

    /** Creates the factory; it holds no state. */
    public TanhHiddenClsHeadFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Two-layer classification head: fully connected, tanh, then a zero-initialised output layer.";
    }

    @Override
    public List<ParamDoc> parameters() {
        return List.of(
                ParamDoc.required("num_classes", "int", "number of classes"),
                ParamDoc.required("in_channels", "int", "feature size of the last input"),
                ParamDoc.required("hidden_dim", "int", "width of the tanh layer"),
                ParamDoc.optional("loss", "loss config", "{type = CrossEntropyLoss, loss_weight = 1.0}",
                        "the loss, built by type; called with avg_factor = batch size"));
    }

    @Override
    public Example example() {
        return Example.of("num_classes = 3, in_channels = 4, hidden_dim = 6", new Shape(2, 4));
    }

    @Override
    public Config parseConfig(ConfigView config) {
        int numClasses = config.checkRange("num_classes", config.getInt("num_classes"), 1, Integer.MAX_VALUE);
        int inChannels = config.checkRange("in_channels", config.getInt("in_channels"), 1, Integer.MAX_VALUE);
        int hiddenDim = config.checkRange("hidden_dim", config.getInt("hidden_dim"), 1, Integer.MAX_VALUE);
        return new Config(numClasses, inChannels, hiddenDim,
                CosineClsHeadFactory.lossOrDefault(config, "type = CrossEntropyLoss, loss_weight = 1.0"));
    }

    @Override
    public Head create(Config config, BuildContext context) {
        return new TanhHiddenClsHead(config.numClasses(), config.inChannels(), config.hiddenDim(),
                context.build(Kind.LOSS, config.loss()));
    }
}

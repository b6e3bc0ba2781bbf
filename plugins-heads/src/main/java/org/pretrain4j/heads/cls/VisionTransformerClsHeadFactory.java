package org.pretrain4j.heads.cls;

import ai.djl.ndarray.types.Shape;
import com.google.auto.service.AutoService;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.HeadFactory;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.Head;

/** Factory of {@link VisionTransformerClsHead}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(HeadFactory.class)
public final class VisionTransformerClsHeadFactory implements HeadFactory<VisionTransformerClsHeadConfig> {
    /** The type name configs use. */
    public static final String NAME = "VisionTransformerClsHead";

    private static final List<ParamDoc> PARAMETERS;

    static {
        List<ParamDoc> docs = new ArrayList<>();
        docs.add(ParamDoc.required("num_classes", "int", "number of classes (layers.head output size)"));
        docs.add(ParamDoc.required("in_channels", "int", "feature size of the last input, e.g. the ViT's embed_dims"));
        docs.add(ParamDoc.optional("hidden_dim", "int", "null",
                "size of a hidden Linear layers.pre_logits followed by Tanh; none when null"));
        docs.addAll(ClsHeadConfig.PARAMETERS);
        PARAMETERS = List.copyOf(docs);
    }

    /** Creates the factory; it holds no state. */
    public VisionTransformerClsHeadFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "ViT classification head: optional hidden layer pre_logits with Tanh, then a zero-initialised head.";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("num_classes = 3, in_channels = 4, hidden_dim = 6", new Shape(2, 4));
    }

    @Override
    public VisionTransformerClsHeadConfig parseConfig(ConfigView config) {
        int numClasses = ClsHeadConfig.positive(config, "num_classes");
        int inChannels = ClsHeadConfig.positive(config, "in_channels");
        OptionalInt hiddenDim = config.has("hidden_dim")
                ? OptionalInt.of(ClsHeadConfig.positive(config, "hidden_dim"))
                : OptionalInt.empty();
        return new VisionTransformerClsHeadConfig(numClasses, inChannels, hiddenDim, ClsHeadConfig.parse(config));
    }

    @Override
    public Head create(VisionTransformerClsHeadConfig config, BuildContext context) {
        return new VisionTransformerClsHead(config, config.head().buildLoss(context));
    }
}

package org.pretrain4j.heads.cls;

import ai.djl.ndarray.types.Shape;
import com.google.auto.service.AutoService;
import java.util.ArrayList;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.HeadFactory;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.Head;
import org.pretrain4j.backbones.layers.Act;
import org.pretrain4j.backbones.layers.BatchNormCfg;

/** Factory of {@link StackedLinearClsHead}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(HeadFactory.class)
public final class StackedLinearClsHeadFactory implements HeadFactory<StackedLinearClsHeadConfig> {
    /** The type name configs use. */
    public static final String NAME = "StackedLinearClsHead";

    private static final List<ParamDoc> PARAMETERS;

    static {
        List<ParamDoc> docs = new ArrayList<>();
        docs.add(ParamDoc.required("num_classes", "int", "number of classes (output size of the last fc)"));
        docs.add(ParamDoc.required("in_channels", "int", "feature size of the last input"));
        docs.add(ParamDoc.required("mid_channels", "list<int>", "output sizes of the hidden layers, at least one"));
        docs.add(ParamDoc.optional("dropout_rate", "number", "0.0", "dropout after each hidden layer, in [0, 1)"));
        docs.add(ParamDoc.optional("norm_cfg", "{type = BN1d, eps, momentum, requires_grad} | null", "null",
                "normalisation after each hidden fc"));
        docs.add(ParamDoc.optional("act_cfg", Act.docType(), "{type = ReLU}",
                "activation after each hidden layer's normalisation"));
        docs.addAll(ClsHeadConfig.PARAMETERS);
        PARAMETERS = List.copyOf(docs);
    }

    /** Creates the factory; it holds no state. */
    public StackedLinearClsHeadFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Classification head of stacked fully connected layers (fc, norm, act, dropout), as MobileNetV3's.";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("num_classes = 3, in_channels = 4, mid_channels = [6, 5], dropout_rate = 0.2, "
                + "norm_cfg = {type = BN1d}, act_cfg = {type = HSwish}", new Shape(2, 4));
    }

    @Override
    public StackedLinearClsHeadConfig parseConfig(ConfigView config) {
        int numClasses = ClsHeadConfig.positive(config, "num_classes");
        int inChannels = ClsHeadConfig.positive(config, "in_channels");
        if (!config.has("mid_channels")) {
            throw config.error("mid_channels", "is required: the output sizes of the hidden layers, e.g. [1280]");
        }
        List<Integer> mid = config.getIntList("mid_channels", List.of());
        if (mid.isEmpty() || mid.stream().anyMatch(c -> c <= 0)) {
            throw config.error("mid_channels", "expected a list of at least one positive size, got " + mid);
        }
        double dropout = config.getDouble("dropout_rate", 0.0);
        if (!(dropout >= 0 && dropout < 1)) {
            throw config.error("dropout_rate", "expected a probability in [0, 1), got " + dropout);
        }
        // The hidden features are (N, C): mmcv's BN (BatchNorm2d) would reject them, so only BN1d is taken.
        BatchNormCfg norm = BatchNormCfg.read(config, "norm_cfg", null, List.of("BN1d")).orElse(null);
        Act act = Act.read(config, "act_cfg", Act.RELU);
        return new StackedLinearClsHeadConfig(numClasses, inChannels, mid, dropout, norm, act,
                ClsHeadConfig.parse(config));
    }

    @Override
    public Head create(StackedLinearClsHeadConfig config, BuildContext context) {
        return new StackedLinearClsHead(config, config.head().buildLoss(context));
    }
}

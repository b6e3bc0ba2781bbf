package org.pretrain4j.losses;

import ai.djl.ndarray.types.Shape;
import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.LossFactory;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.Loss;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Factory of {@link LabelSmoothLoss}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(LossFactory.class)
public final class LabelSmoothLossFactory implements LossFactory<LabelSmoothLossConfig> {
    /** The type name configs use. */
    public static final String NAME = "LabelSmoothLoss";

    private static final Logger LOG = LoggerFactory.getLogger(LabelSmoothLossFactory.class);

    private static final List<ParamDoc> PARAMETERS = List.of(
            ParamDoc.required("label_smooth_val", "number", "the smoothing value ε, in [0, 1)"),
            ParamDoc.optional("num_classes", "int", "null",
                    "number of classes; taken from the prediction when null, checked against it otherwise"),
            ParamDoc.optional("use_sigmoid", "boolean", "null",
                    "binary cross-entropy instead of soft softmax cross-entropy; null means true for multi_label "
                            + "and false otherwise"),
            ParamDoc.optional("mode", "string", "original",
                    "original: (1-ε)·onehot + ε/K; classy_vision: the same with ε/(1+ε); multi_label: positives 1-ε, "
                            + "negatives ε"),
            CommonParams.REDUCTION_DOC,
            CommonParams.LOSS_WEIGHT_DOC,
            CommonParams.CLASS_WEIGHT_DOC,
            CommonParams.POS_WEIGHT_DOC);

    /** Creates the factory; it holds no state. */
    public LabelSmoothLossFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Cross-entropy against label-smoothed targets (original, classy_vision or multi_label smoothing).";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("label_smooth_val = 0.1", new Shape(2, 5));
    }

    @Override
    public LabelSmoothLossConfig parseConfig(ConfigView config) {
        double eps = config.getDouble("label_smooth_val");
        if (!(eps >= 0 && eps < 1)) {
            throw config.error("label_smooth_val", "expected a number in [0, 1), got " + eps);
        }
        Integer numClasses = null;
        if (config.has("num_classes")) {
            numClasses = config.getInt("num_classes");
            if (numClasses <= 0) {
                throw config.error("num_classes", "expected a positive integer, got " + numClasses);
            }
        }
        Boolean useSigmoid = config.has("use_sigmoid") ? config.getBoolean("use_sigmoid", false) : null;
        LabelSmoothLossConfig.Mode mode = LabelSmoothLossConfig.Mode.fromConfig(
                config.getEnum("mode", "original", LabelSmoothLossConfig.Mode.CONFIG_VALUES));
        if (mode == LabelSmoothLossConfig.Mode.MULTI_LABEL && Boolean.FALSE.equals(useSigmoid)) {
            // mmpretrain accepts this too, with the same warning.
            LOG.warn("{}: for multi-label tasks, set use_sigmoid = true to use binary cross-entropy",
                    config.path().isEmpty() ? NAME : config.path());
        }
        Reduction reduction = CommonParams.reduction(config);
        double lossWeight = CommonParams.lossWeight(config);
        List<Double> classWeight = CommonParams.perClassList(config, CommonParams.CLASS_WEIGHT);
        List<Double> posWeight = CommonParams.perClassList(config, CommonParams.POS_WEIGHT);
        boolean sigmoid = useSigmoid != null ? useSigmoid : mode == LabelSmoothLossConfig.Mode.MULTI_LABEL;
        CommonParams.checkPosWeightUse(config, posWeight, sigmoid);
        return new LabelSmoothLossConfig(
                eps, numClasses, useSigmoid, mode, reduction, lossWeight, classWeight, posWeight);
    }

    @Override
    public Loss create(LabelSmoothLossConfig config, BuildContext context) {
        return new LabelSmoothLoss(config);
    }
}

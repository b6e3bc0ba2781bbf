package org.pretrain4j.selfsup.heads;

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
import org.pretrain4j.api.model.Loss;

/** Factory of {@link LatentPredictHead}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(HeadFactory.class)
public final class LatentPredictHeadFactory implements HeadFactory<LatentPredictHeadConfig> {
    /** The type name configs use. */
    public static final String NAME = "LatentPredictHead";

    private static final List<ParamDoc> PARAMETERS = List.of(
            ParamDoc.required("loss", "loss config", "Compares the prediction with the detached target, e.g. "
                    + "{ type = CosineSimilarityLoss }."),
            ParamDoc.required("predictor", "neck config", "Maps the online embedding to the prediction, e.g. "
                    + "{ type = NonLinearNeck, in_channels = 256, hid_channels = 4096, out_channels = 256, "
                    + "with_bias = true, with_last_bn = false, with_avg_pool = false } (BYOL)."));

    /** Creates the factory; it holds no state. */
    public LatentPredictHeadFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Predictor plus similarity loss against a detached target embedding (BYOL, SimSiam).";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("loss { type = CosineSimilarityLoss }, predictor { type = NonLinearNeck, in_channels = 4, "
                + "hid_channels = 6, out_channels = 4, with_bias = true, with_last_bn = false, "
                + "with_avg_pool = false, norm_cfg { type = BN1d } }", new Shape(3, 4));
    }

    @Override
    public LatentPredictHeadConfig parseConfig(ConfigView config) {
        return new LatentPredictHeadConfig(config.getView("loss"), config.getView("predictor"));
    }

    @Override
    public Head create(LatentPredictHeadConfig config, BuildContext context) {
        Loss loss = context.build(Kind.LOSS, config.loss());
        if (!loss.needsTarget()) {
            throw config.loss().error("type", NAME + " compares a prediction with a target; this loss takes none");
        }
        return new LatentPredictHead(context.build(Kind.NECK, config.predictor()), loss);
    }
}

package org.pretrain4j.selfsup.simsiam;

import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.SelfSupervisorFactory;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.SelfSupervisor;
import org.pretrain4j.selfsup.SelfSupervisorSpec;
import org.pretrain4j.selfsup.SiameseParts;
import org.pretrain4j.selfsup.heads.LatentPredictHead;
import org.pretrain4j.selfsup.heads.LatentPredictHeadFactory;

/** Factory of {@link SimSiam}, registered as {@value #NAME}; configs name it under {@code model}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(SelfSupervisorFactory.class)
public final class SimSiamFactory implements SelfSupervisorFactory<SelfSupervisorSpec> {
    /** The type name configs use. */
    public static final String NAME = "SimSiam";

    private static final List<ParamDoc> PARAMETERS = SelfSupervisorSpec.parameters(
            "The projection, e.g. { type = NonLinearNeck, in_channels = 2048, hid_channels = 2048, "
                    + "out_channels = 2048, num_layers = 3, with_last_bn_affine = false }.",
            "{ type = LatentPredictHead, predictor = { type = NonLinearNeck, ... }, "
                    + "loss = { type = CosineSimilarityLoss } }.");

    /** Creates the factory; it holds no state. */
    public SimSiamFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "SimSiam: each view's embedding predicts the other's, detached (no negatives, no momentum copy).";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return SiameseParts.example("neck { type = NonLinearNeck, in_channels = 32, hid_channels = 8, "
                + "out_channels = 8, num_layers = 3, with_last_bn_affine = false, norm_cfg { type = BN1d } }, "
                + "head { type = LatentPredictHead, loss { type = CosineSimilarityLoss }, "
                + "predictor { type = NonLinearNeck, in_channels = 8, hid_channels = 4, out_channels = 8, "
                + "with_avg_pool = false, with_last_bn = false, with_last_bias = true, "
                + "norm_cfg { type = BN1d } } }", 4);
    }

    @Override
    public SelfSupervisorSpec parseConfig(ConfigView config) {
        return SelfSupervisorSpec.parse(config, true, true);
    }

    @Override
    public SelfSupervisor create(SelfSupervisorSpec config, BuildContext context) {
        return new SimSiam(config.buildBackbone(context), config.buildNeck(context), SiameseParts.head(config,
                context, LatentPredictHead.class, NAME, LatentPredictHeadFactory.NAME));
    }
}

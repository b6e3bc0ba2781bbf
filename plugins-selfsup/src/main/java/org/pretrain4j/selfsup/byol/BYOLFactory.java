package org.pretrain4j.selfsup.byol;

import com.google.auto.service.AutoService;
import java.util.ArrayList;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.SelfSupervisorFactory;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.Backbone;
import org.pretrain4j.api.model.CosineEMA;
import org.pretrain4j.api.model.Neck;
import org.pretrain4j.api.model.SelfSupervisor;
import org.pretrain4j.selfsup.SelfSupervisorSpec;
import org.pretrain4j.selfsup.SiameseParts;
import org.pretrain4j.selfsup.heads.LatentPredictHead;
import org.pretrain4j.selfsup.heads.LatentPredictHeadFactory;

/** Factory of {@link BYOL}, registered as {@value #NAME}; configs name it under {@code model}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(SelfSupervisorFactory.class)
public final class BYOLFactory implements SelfSupervisorFactory<BYOLConfig> {
    /** The type name configs use. */
    public static final String NAME = "BYOL";

    private static final List<ParamDoc> PARAMETERS = documentation();

    private static List<ParamDoc> documentation() {
        List<ParamDoc> docs = new ArrayList<>(SelfSupervisorSpec.parameters(
                "The projection, e.g. { type = NonLinearNeck, in_channels = 2048, hid_channels = 4096, "
                        + "out_channels = 256, with_bias = true, with_last_bn = false }.",
                "{ type = LatentPredictHead, predictor = { type = NonLinearNeck, ... }, "
                        + "loss = { type = CosineSimilarityLoss } }."));
        docs.add(ParamDoc.optional("base_momentum", "number", "0.004", "Starting EMA momentum of the target network "
                + "in mmengine's convention (the weight of the online weights; 0.004 is the paper's 0.996), "
                + "annealed to 0 with a cosine over the run."));
        return List.copyOf(docs);
    }

    /** Creates the factory; it holds no state. */
    public BYOLFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "BYOL: the online network predicts a cosine-EMA target network's embedding of the other view.";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return SiameseParts.example("neck { type = NonLinearNeck, in_channels = 32, hid_channels = 8, "
                + "out_channels = 4, with_bias = true, with_last_bn = false, norm_cfg { type = BN1d } }, "
                + "head { type = LatentPredictHead, loss { type = CosineSimilarityLoss }, "
                + "predictor { type = NonLinearNeck, in_channels = 4, hid_channels = 8, out_channels = 4, "
                + "with_bias = true, with_last_bn = false, with_avg_pool = false, norm_cfg { type = BN1d } } }, "
                + "base_momentum = 0.01", 4);
    }

    @Override
    public BYOLConfig parseConfig(ConfigView config) {
        SelfSupervisorSpec parts = SelfSupervisorSpec.parse(config, true, true);
        return new BYOLConfig(parts, SiameseParts.emaMomentum(config, "base_momentum", 0.004));
    }

    @Override
    public SelfSupervisor create(BYOLConfig config, BuildContext context) {
        SelfSupervisorSpec parts = config.parts();
        Backbone backbone = parts.buildBackbone(context);
        Neck neck = parts.buildNeck(context);
        LatentPredictHead head = SiameseParts.head(parts, context, LatentPredictHead.class, NAME,
                LatentPredictHeadFactory.NAME);
        // mmpretrain's CosineEMA defaults: end momentum 0, interval 1, batch-norm statistics copied.
        CosineEMA targetNet = new CosineEMA(SiameseParts.momentumCopy(parts, context), config.baseMomentum(), 0, 1,
                false);
        return new BYOL(backbone, neck, head, targetNet);
    }
}

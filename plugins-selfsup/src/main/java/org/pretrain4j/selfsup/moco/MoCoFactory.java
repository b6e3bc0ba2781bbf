package org.pretrain4j.selfsup.moco;

import com.google.auto.service.AutoService;
import java.util.ArrayList;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.SelfSupervisorFactory;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.Backbone;
import org.pretrain4j.api.model.ExponentialMovingAverage;
import org.pretrain4j.api.model.Neck;
import org.pretrain4j.api.model.SelfSupervisor;
import org.pretrain4j.selfsup.SelfSupervisorSpec;
import org.pretrain4j.selfsup.SiameseParts;
import org.pretrain4j.selfsup.simclr.ContrastiveHead;
import org.pretrain4j.selfsup.simclr.ContrastiveHeadFactory;

/** Factory of {@link MoCo}, registered as {@value #NAME}; configs name it under {@code model}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(SelfSupervisorFactory.class)
public final class MoCoFactory implements SelfSupervisorFactory<MoCoConfig> {
    /** The type name configs use, for MoCo v1 and v2 alike. */
    public static final String NAME = "MoCo";

    private static final List<ParamDoc> PARAMETERS = documentation();

    private static List<ParamDoc> documentation() {
        List<ParamDoc> docs = new ArrayList<>(SelfSupervisorSpec.parameters(
                "The projection to feat_dim features; MoCo v2: { type = MoCoV2Neck, in_channels = 2048, "
                        + "hid_channels = 2048, out_channels = 128 }.",
                "{ type = ContrastiveHead, loss = { type = CrossEntropyLoss }, temperature = 0.2 }."));
        docs.add(ParamDoc.optional("queue_len", "int", "65536",
                "Number K of queued negative keys; a multiple of the batch size."));
        docs.add(ParamDoc.optional("feat_dim", "int", "128", "Width of the embeddings, the neck's out_channels."));
        docs.add(ParamDoc.optional("momentum", "number", "0.001", "EMA momentum of the key encoder in mmengine's "
                + "convention, the weight of the online weights: 0.001 keeps 0.999 of the old ones (the paper's "
                + "m = 0.999)."));
        return List.copyOf(docs);
    }

    /** Creates the factory; it holds no state. */
    public MoCoFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "MoCo v1/v2: queries against a momentum key encoder and a queue of past keys (InfoNCE).";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return SiameseParts.example("neck { type = MoCoV2Neck, in_channels = 32, hid_channels = 8, "
                + "out_channels = 4 }, head { type = ContrastiveHead, loss { type = CrossEntropyLoss }, "
                + "temperature = 0.2 }, queue_len = 8, feat_dim = 4", 4);
    }

    @Override
    public MoCoConfig parseConfig(ConfigView config) {
        SelfSupervisorSpec parts = SelfSupervisorSpec.parse(config, true, true);
        int queueLen = config.checkRange("queue_len", config.getInt("queue_len", 65536), 1, Integer.MAX_VALUE);
        int featDim = config.checkRange("feat_dim", config.getInt("feat_dim", 128), 1, Integer.MAX_VALUE);
        double momentum = SiameseParts.emaMomentum(config, "momentum", 0.001);
        return new MoCoConfig(parts, queueLen, featDim, momentum);
    }

    @Override
    public SelfSupervisor create(MoCoConfig config, BuildContext context) {
        SelfSupervisorSpec parts = config.parts();
        Backbone backbone = parts.buildBackbone(context);
        Neck neck = parts.buildNeck(context);
        ContrastiveHead head = SiameseParts.head(parts, context, ContrastiveHead.class, NAME,
                ContrastiveHeadFactory.NAME);
        // mmengine's ExponentialMovingAverage defaults: interval 1, batch-norm statistics copied, not averaged.
        ExponentialMovingAverage encoderK = new ExponentialMovingAverage(SiameseParts.momentumCopy(parts, context),
                config.momentum(), 1, false);
        return new MoCo(backbone, neck, head, encoderK, config.queueLen(), config.featDim());
    }
}

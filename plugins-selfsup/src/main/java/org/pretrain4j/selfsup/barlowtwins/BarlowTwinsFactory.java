package org.pretrain4j.selfsup.barlowtwins;

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
import org.pretrain4j.selfsup.heads.LatentCrossCorrelationHead;
import org.pretrain4j.selfsup.heads.LatentCrossCorrelationHeadFactory;

/** Factory of {@link BarlowTwins}, registered as {@value #NAME}; configs name it under {@code model}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(SelfSupervisorFactory.class)
public final class BarlowTwinsFactory implements SelfSupervisorFactory<SelfSupervisorSpec> {
    /** The type name configs use. */
    public static final String NAME = "BarlowTwins";

    private static final List<ParamDoc> PARAMETERS = SelfSupervisorSpec.parameters(
            "The projector, e.g. { type = NonLinearNeck, in_channels = 2048, hid_channels = 8192, "
                    + "out_channels = 8192, num_layers = 3, with_last_bn = false, with_last_bn_affine = false }.",
            "{ type = LatentCrossCorrelationHead, in_channels = 8192, loss = { type = CrossCorrelationLoss } }.");

    /** Creates the factory; it holds no state. */
    public BarlowTwinsFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Barlow Twins: drives the cross-correlation of two views' embeddings towards the identity.";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return SiameseParts.example("neck { type = NonLinearNeck, in_channels = 32, hid_channels = 8, "
                + "out_channels = 8, num_layers = 3, with_last_bn = false, with_last_bn_affine = false, "
                + "norm_cfg { type = BN1d } }, head { type = LatentCrossCorrelationHead, in_channels = 8, "
                + "loss { type = CrossCorrelationLoss } }", 4);
    }

    @Override
    public SelfSupervisorSpec parseConfig(ConfigView config) {
        return SelfSupervisorSpec.parse(config, true, true);
    }

    @Override
    public SelfSupervisor create(SelfSupervisorSpec config, BuildContext context) {
        return new BarlowTwins(config.buildBackbone(context), config.buildNeck(context), SiameseParts.head(config,
                context, LatentCrossCorrelationHead.class, NAME, LatentCrossCorrelationHeadFactory.NAME));
    }
}

package org.pretrain4j.selfsup.simclr;

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

/** Factory of {@link SimCLR}, registered as {@value #NAME}; configs name it under {@code model}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(SelfSupervisorFactory.class)
public final class SimCLRFactory implements SelfSupervisorFactory<SelfSupervisorSpec> {
    /** The type name configs use. */
    public static final String NAME = "SimCLR";

    private static final List<ParamDoc> PARAMETERS = SelfSupervisorSpec.parameters(
            "The projection to the contrastive embedding; its first output must be (2N, d), e.g. "
                    + "{ type = NonLinearNeck, in_channels = 2048, hid_channels = 2048, out_channels = 128 }.",
            "{ type = ContrastiveHead, loss = { type = CrossEntropyLoss }, temperature = 0.1 }.");

    /** Creates the factory; it holds no state. */
    public SimCLRFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "SimCLR: contrastive learning between two augmented views of each image (NT-Xent over the batch).";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return SiameseParts.example("neck { type = GlobalAveragePooling }, head { type = ContrastiveHead, "
                + "temperature = 0.1 }", 2);
    }

    @Override
    public SelfSupervisorSpec parseConfig(ConfigView config) {
        return SelfSupervisorSpec.parse(config, true, true);
    }

    @Override
    public SelfSupervisor create(SelfSupervisorSpec config, BuildContext context) {
        return new SimCLR(config.buildBackbone(context), config.buildNeck(context), SiameseParts.head(config,
                context, ContrastiveHead.class, NAME, ContrastiveHeadFactory.NAME));
    }
}

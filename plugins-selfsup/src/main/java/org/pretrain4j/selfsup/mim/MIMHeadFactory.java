package org.pretrain4j.selfsup.mim;

import ai.djl.ndarray.types.Shape;
import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.HeadFactory;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.Head;

/** Factory of {@link MIMHead}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(HeadFactory.class)
public final class MIMHeadFactory implements HeadFactory<MIMHeadFactory.Config> {
    /** The type name configs use. */
    public static final String NAME = "MIMHead";

    /**
     * The head's config.
     *
     * @param loss the loss's config, built through the context
     */
    public record Config(ConfigView loss) {}

    /** Creates the factory; it holds no state. */
    public MIMHeadFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Masked image modelling head: a loss between per-patch predictions and targets (MaskFeat's HOG "
                + "features) on the masked patches.";
    }

    @Override
    public List<ParamDoc> parameters() {
        return List.of(MaskedReconstructionHead.lossParameter());
    }

    @Override
    public Example example() {
        return Example.of("loss { type = PixelReconstructionLoss, criterion = L2 }", new Shape(2, 4, 6),
                new Shape(2, 4, 6), new Shape(2, 2, 2));
    }

    @Override
    public Config parseConfig(ConfigView config) {
        return new Config(config.getView("loss"));
    }

    @Override
    public Head create(Config config, BuildContext context) {
        return new MIMHead(MaskedReconstructionHead.buildLoss(context, config.loss(), NAME));
    }
}

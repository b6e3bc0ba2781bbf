package org.pretrain4j.selfsup.maskfeat;

import ai.djl.ndarray.types.Shape;
import com.google.auto.service.AutoService;
import java.util.ArrayList;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.Kind;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.SelfSupervisorFactory;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.SelfSupervisor;
import org.pretrain4j.selfsup.SelfSupervisorSpec;
import org.pretrain4j.selfsup.mim.MIMHead;
import org.pretrain4j.selfsup.mim.MIMHeadFactory;

/** Factory of {@link MaskFeat}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(SelfSupervisorFactory.class)
public final class MaskFeatFactory implements SelfSupervisorFactory<MaskFeatFactory.Config> {
    /** The type name configs use. */
    public static final String NAME = "MaskFeat";

    private static final List<ParamDoc> PARAMETERS = parameterDocs();

    /**
     * The algorithm's parts.
     *
     * @param parts backbone, neck and head
     * @param targetGenerator the target generator's config
     */
    public record Config(SelfSupervisorSpec parts, ConfigView targetGenerator) {}

    /** Creates the factory; it holds no state. */
    public MaskFeatFactory() {}

    private static List<ParamDoc> parameterDocs() {
        List<ParamDoc> docs = new ArrayList<>(SelfSupervisorSpec.parameters(
                "Maps each token (N, C) to the target features (N, D), e.g. { type = LinearNeck, in_channels = 768, "
                        + "out_channels = 108, norm_cfg = null }.",
                "{ type = MIMHead, loss = { type = PixelReconstructionLoss, criterion = L2 } }."));
        docs.add(ParamDoc.required("target_generator", "target generator config",
                "Computes the (B, h * w, D) targets from the images, e.g. { type = HOGGenerator }; its patch grid "
                        + "must be the backbone's."));
        return List.copyOf(docs);
    }

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "MaskFeat: a ViT with masked patches replaced by a mask token predicts the HOG features of the "
                + "masked patches.";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("backbone { type = MaskFeatViT, arch { embed_dims = 16, num_layers = 2, num_heads = 2, "
                + "feedforward_channels = 32 }, img_size = 28, patch_size = 2 }, "
                + "neck { type = LinearNeck, in_channels = 16, out_channels = 27, norm_cfg = null }, "
                + "head { type = MIMHead, loss { type = PixelReconstructionLoss, criterion = L2 } }, "
                + "target_generator { type = HOGGenerator, nbins = 9, pool = 2, gaussian_window = 14 }",
                new Shape(2, 3, 28, 28), new Shape(2, 14, 14));
    }

    @Override
    public Config parseConfig(ConfigView config) {
        SelfSupervisorSpec parts = SelfSupervisorSpec.parse(config, true, true);
        return new Config(parts, config.getView("target_generator"));
    }

    @Override
    public SelfSupervisor create(Config config, BuildContext context) {
        SelfSupervisorSpec parts = config.parts();
        if (!(parts.buildBackbone(context) instanceof MaskFeatViT encoder)) {
            throw parts.backbone().error("type", NAME + " needs " + MaskFeatViTFactory.NAME + " here");
        }
        if (!(parts.buildHead(context) instanceof MIMHead head)) {
            throw parts.head().error("type", NAME + " needs " + MIMHeadFactory.NAME + " here");
        }
        return new MaskFeat(encoder, parts.buildNeck(context), head,
                context.build(Kind.TARGET_GENERATOR, config.targetGenerator()));
    }
}

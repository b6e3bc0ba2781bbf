package org.pretrain4j.selfsup.mae;

import ai.djl.ndarray.types.Shape;
import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.HeadFactory;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.Head;
import org.pretrain4j.selfsup.mim.MaskedReconstructionHead;

/** Factory of {@link MAEPretrainHead}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(HeadFactory.class)
public final class MAEPretrainHeadFactory implements HeadFactory<MAEPretrainHeadConfig> {
    /** The type name configs use. */
    public static final String NAME = "MAEPretrainHead";

    private static final List<ParamDoc> PARAMETERS = List.of(
            MaskedReconstructionHead.lossParameter(),
            ParamDoc.optional("norm_pix", "boolean", "false",
                    "Normalise each target patch by its mean and unbiased variance (mmpretrain's MAE configs: true)."),
            ParamDoc.optional("patch_size", "int", "16", "Patch side in pixels, as the backbone's."),
            ParamDoc.optional("in_channels", "int", "3", "Image channels."));

    /** Creates the factory; it holds no state. */
    public MAEPretrainHeadFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "MAE's head: pixel reconstruction loss of the predicted patches against the (optionally "
                + "per-patch normalised) image patches, on the masked patches.";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("loss { type = PixelReconstructionLoss, criterion = L2 }, norm_pix = true, patch_size = 4, "
                + "in_channels = 1", new Shape(2, 4, 16), new Shape(2, 1, 8, 8), new Shape(2, 4));
    }

    @Override
    public MAEPretrainHeadConfig parseConfig(ConfigView config) {
        ConfigView loss = config.getView("loss");
        boolean normPix = config.getBoolean("norm_pix", false);
        int patchSize = config.checkRange("patch_size", config.getInt("patch_size", 16), 1, Integer.MAX_VALUE);
        int inChannels = config.checkRange("in_channels", config.getInt("in_channels", 3), 1, Integer.MAX_VALUE);
        if (normPix && patchSize * patchSize * inChannels < 2) {
            throw config.error("norm_pix", "needs patches of at least 2 values for their variance, got patch_size "
                    + patchSize + " with in_channels " + inChannels);
        }
        return new MAEPretrainHeadConfig(loss, normPix, patchSize, inChannels);
    }

    @Override
    public Head create(MAEPretrainHeadConfig config, BuildContext context) {
        return new MAEPretrainHead(MaskedReconstructionHead.buildLoss(context, config.loss(), NAME),
                config.normPix(), config.patchSize(), config.inChannels());
    }
}

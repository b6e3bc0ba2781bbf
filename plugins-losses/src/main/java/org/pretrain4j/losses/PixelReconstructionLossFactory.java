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

/** Factory of {@link PixelReconstructionLoss}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(LossFactory.class)
public final class PixelReconstructionLossFactory implements LossFactory<PixelReconstructionLossConfig> {
    /** The type name configs use. */
    public static final String NAME = "PixelReconstructionLoss";

    private static final List<ParamDoc> PARAMETERS = List.of(
            ParamDoc.required("criterion", "string", "the penalty: L1 (absolute error) or L2 (squared error)"),
            ParamDoc.optional("channel", "int", "null",
                    "divisor of the masked loss, e.g. 3 when a (B, 1, H, W) mask covers RGB images; null means 1"));

    /** Creates the factory; it holds no state. */
    public PixelReconstructionLossFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "L1 or L2 reconstruction loss of masked image modelling, averaged per patch and over the masked "
                + "positions (MAE, SimMIM, MaskFeat).";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("criterion = L2", new Shape(2, 5));
    }

    @Override
    public PixelReconstructionLossConfig parseConfig(ConfigView config) {
        if (!config.has("criterion")) {
            throw config.error("criterion", "missing: PixelReconstructionLoss needs criterion = L1 or L2");
        }
        Penalty criterion = Penalty.valueOf(config.getEnum("criterion", null, Penalty.CONFIG_VALUES));
        Integer channel = null;
        if (config.has("channel")) {
            channel = config.getInt("channel");
            if (channel < 1) {
                throw config.error("channel", "expected a positive integer or null, got " + channel);
            }
        }
        return new PixelReconstructionLossConfig(criterion, channel);
    }

    @Override
    public Loss create(PixelReconstructionLossConfig config, BuildContext context) {
        return new PixelReconstructionLoss(config);
    }
}

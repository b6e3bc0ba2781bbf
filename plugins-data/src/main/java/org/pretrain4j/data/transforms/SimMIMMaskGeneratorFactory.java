package org.pretrain4j.data.transforms;

import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.TransformFactory;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.data.Transform;

/** Factory of {@link SimMIMMaskGenerator}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(TransformFactory.class)
public final class SimMIMMaskGeneratorFactory implements TransformFactory<SimMIMMaskGeneratorConfig> {
    /** The type name configs use. */
    public static final String NAME = "SimMIMMaskGenerator";

    private static final List<ParamDoc> PARAMETERS = List.of(
            ParamDoc.optional("input_size", "int", "192", "Image side in pixels."),
            ParamDoc.optional("mask_patch_size", "int", "32", "Side of a masked square in pixels; divides input_size."),
            ParamDoc.optional("model_patch_size", "int", "4",
                    "Side of the model's patch in pixels; divides mask_patch_size. The mask has one entry per patch."),
            ParamDoc.optional("mask_ratio", "number", "0.6", "Fraction of squares masked, rounded up."));

    /** Creates the factory; it holds no state. */
    public SimMIMMaskGeneratorFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Masks a random fraction of large square blocks, as a mask at the model's patch resolution "
                + "(mmpretrain SimMIMMaskGenerator).";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("input_size = 32, mask_patch_size = 8, model_patch_size = 4, mask_ratio = 0.6");
    }

    @Override
    public SimMIMMaskGeneratorConfig parseConfig(ConfigView config) {
        int input = config.checkRange("input_size", config.getInt("input_size", 192), 1, Integer.MAX_VALUE);
        int maskPatch = config.checkRange("mask_patch_size", config.getInt("mask_patch_size", 32), 1, input);
        int modelPatch = config.checkRange("model_patch_size", config.getInt("model_patch_size", 4), 1, maskPatch);
        double ratio = config.checkRange("mask_ratio", config.getDouble("mask_ratio", 0.6), 0, 1);
        if (input % maskPatch != 0) {
            throw config.error("mask_patch_size", "must divide input_size (" + input + "), got " + maskPatch);
        }
        if (maskPatch % modelPatch != 0) {
            throw config.error("model_patch_size", "must divide mask_patch_size (" + maskPatch + "), got "
                    + modelPatch);
        }
        return new SimMIMMaskGeneratorConfig(input, maskPatch, modelPatch, ratio);
    }

    @Override
    public Transform create(SimMIMMaskGeneratorConfig config, BuildContext context) {
        return new SimMIMMaskGenerator(config);
    }
}

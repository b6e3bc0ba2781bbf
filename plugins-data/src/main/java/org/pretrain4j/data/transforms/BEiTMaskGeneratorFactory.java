package org.pretrain4j.data.transforms;

import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.TransformFactory;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.data.Transform;

/** Factory of {@link BEiTMaskGenerator}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(TransformFactory.class)
public final class BEiTMaskGeneratorFactory implements TransformFactory<BEiTMaskGeneratorConfig> {
    /** The type name configs use. */
    public static final String NAME = "BEiTMaskGenerator";

    private static final List<ParamDoc> PARAMETERS = List.of(
            ParamDoc.required("input_size", "int | [h, w]", "The patch grid, e.g. 14 for a 224 px image and patch 16."),
            ParamDoc.required("num_masking_patches", "int", "Patches to mask per image, e.g. 75."),
            ParamDoc.optional("min_num_patches", "int", "4", "Smallest block area tried."),
            ParamDoc.optional("max_num_patches", "int | null", "null",
                    "Largest block area tried; null means num_masking_patches."),
            ParamDoc.optional("min_aspect", "number", "0.3", "Smallest block aspect ratio (height / width)."),
            ParamDoc.optional("max_aspect", "number | null", "null", "Largest block aspect ratio; null means "
                    + "1 / min_aspect."));

    /** Creates the factory; it holds no state. */
    public BEiTMaskGeneratorFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Masks a fixed number of patches in random rectangular blocks, attaching the mask to the sample "
                + "(mmpretrain BEiTMaskGenerator).";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("input_size = 7, num_masking_patches = 12, min_num_patches = 2");
    }

    @Override
    public BEiTMaskGeneratorConfig parseConfig(ConfigView config) {
        int[] size = Params.pair(config, "input_size");
        if (size[0] < 2 || size[1] < 2) {
            throw config.error("input_size", "expected a grid of at least 2x2 patches, got " + size[0] + "x"
                    + size[1]);
        }
        int maskable = (size[0] - 1) * (size[1] - 1);
        int count = config.getInt("num_masking_patches");
        if (count < 0 || count > maskable) {
            throw config.error("num_masking_patches", "expected 0 to " + maskable + " patches, got " + count
                    + ": blocks never cover the last row and column of the " + size[0] + "x" + size[1] + " grid "
                    + "(as in mmpretrain), so more could never be masked");
        }
        int min = config.checkRange("min_num_patches", config.getInt("min_num_patches", 4), 0, Integer.MAX_VALUE);
        int max = config.has("max_num_patches") ? config.checkRange("max_num_patches",
                config.getInt("max_num_patches"), 1, Integer.MAX_VALUE) : count;
        double minAspect = config.getDouble("min_aspect", 0.3);
        if (!(minAspect > 0)) {
            throw config.error("min_aspect", "expected a positive ratio, got " + minAspect);
        }
        double maxAspect = config.has("max_aspect") ? config.getDouble("max_aspect") : 1 / minAspect;
        if (!(maxAspect > 0)) {
            throw config.error("max_aspect", "expected a positive ratio, got " + maxAspect);
        }
        return new BEiTMaskGeneratorConfig(size[0], size[1], count, min, max, minAspect, maxAspect);
    }

    @Override
    public Transform create(BEiTMaskGeneratorConfig config, BuildContext context) {
        return new BEiTMaskGenerator(config);
    }
}

package org.pretrain4j.data.transforms;

import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.TransformFactory;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.data.Transform;

/** Factory of {@link RandomResizedCrop}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(TransformFactory.class)
public final class RandomResizedCropFactory implements TransformFactory<RandomResizedCropConfig> {
    /** The type name configs use. */
    public static final String NAME = "RandomResizedCrop";

    private static final List<ParamDoc> PARAMETERS = List.of(
            ParamDoc.required("scale", "int | [h, w]", "Output size; one integer means a square."),
            ParamDoc.optional("crop_ratio_range", "[min, max]", "[0.08, 1.0]", "Crop area as a fraction of the image."),
            ParamDoc.optional("aspect_ratio_range", "[min, max]", "[0.75, 1.3333333]",
                    "Crop width / height, sampled log-uniformly."),
            ParamDoc.optional("max_attempts", "int", "10", "Samples tried before the centre-crop fallback."),
            Params.INTERPOLATION_DOC,
            Params.BACKEND_DOC);

    /** Creates the factory; it holds no state. */
    public RandomResizedCropFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Crops a random area and aspect ratio, then resizes it (mmpretrain RandomResizedCrop).";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("scale = 24");
    }

    @Override
    public RandomResizedCropConfig parseConfig(ConfigView config) {
        int[] scale = Params.pair(config, "scale");
        double[] crop = Params.range(config, "crop_ratio_range", 0.08, 1.0);
        double[] aspect = Params.range(config, "aspect_ratio_range", 3.0 / 4.0, 4.0 / 3.0);
        if (crop[0] <= 0 || aspect[0] <= 0) {
            throw config.error(crop[0] <= 0 ? "crop_ratio_range" : "aspect_ratio_range", "expected positive ranges");
        }
        int attempts = config.checkRange("max_attempts", config.getInt("max_attempts", 10), 0, Integer.MAX_VALUE);
        return new RandomResizedCropConfig(scale[0], scale[1], crop, aspect, attempts, Params.interpolation(config),
                Params.backend(config));
    }

    @Override
    public Transform create(RandomResizedCropConfig config, BuildContext context) {
        return new RandomResizedCrop(config);
    }
}

package org.pretrain4j.data.transforms;

import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.TransformFactory;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.data.Transform;
import org.pretrain4j.data.transforms.ImageOps.Interpolation;

/** Factory of {@link RandomResizedCropAndInterpolationWithTwoPic}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(TransformFactory.class)
public final class RandomResizedCropAndInterpolationWithTwoPicFactory
        implements TransformFactory<RandomResizedCropAndInterpolationWithTwoPicConfig> {
    /** The type name configs use. */
    public static final String NAME = "RandomResizedCropAndInterpolationWithTwoPic";

    private static final String RANDOM = "random";
    private static final List<ParamDoc> PARAMETERS = List.of(
            ParamDoc.required("size", "int | [w, h]",
                    "The first picture's size; one integer means a square, a list is (width, height) as "
                            + "mmcv.imresize reads it."),
            ParamDoc.optional("second_size", "int | [w, h]", "null",
                    "The second picture's size, e.g. the tokenizer's input; without it only the first is made."),
            ParamDoc.optional("scale", "[min, max]", "[0.08, 1.0]", "Crop area as a fraction of the image."),
            ParamDoc.optional("ratio", "[min, max]", "[0.75, 1.3333333]", "Crop width / height, drawn log-uniformly."),
            ParamDoc.optional("interpolation", "string", "\"bilinear\"",
                    "The first picture's kernel: nearest, bilinear, bicubic, lanczos, or random (bilinear or bicubic "
                            + "per sample)."),
            ParamDoc.optional("second_interpolation", "string", "\"lanczos\"",
                    "The second picture's kernel: nearest, bilinear, bicubic or lanczos (OpenCV's Lanczos-4)."));

    /** Creates the factory; it holds no state. */
    public RandomResizedCropAndInterpolationWithTwoPicFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "One random resized crop made into two pictures of their own sizes and kernels, the encoder's and the "
                + "tokenizer's views (mmpretrain RandomResizedCropAndInterpolationWithTwoPic, BEiT).";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("size = 12, second_size = 6, interpolation = bicubic, scale = [0.2, 1.0]");
    }

    @Override
    public RandomResizedCropAndInterpolationWithTwoPicConfig parseConfig(ConfigView config) {
        int[] size = Params.pair(config, "size");
        int[] second = config.has("second_size") ? Params.pair(config, "second_size") : new int[2];
        double[] scale = Params.range(config, "scale", 0.08, 1.0);
        double[] ratio = Params.range(config, "ratio", 3.0 / 4.0, 4.0 / 3.0);
        if (scale[0] <= 0 || ratio[0] <= 0) {
            throw config.error(scale[0] <= 0 ? "scale" : "ratio", "expected positive ranges");
        }
        List<Interpolation> kernels = RANDOM.equals(config.getString("interpolation", ""))
                ? List.of(Interpolation.BILINEAR, Interpolation.BICUBIC)
                : List.of(Params.interpolation(config, "interpolation", Interpolation.BILINEAR));
        Interpolation secondKernel = Params.interpolation(config, "second_interpolation", Interpolation.LANCZOS);
        // mmcv.imresize takes (width, height).
        return new RandomResizedCropAndInterpolationWithTwoPicConfig(size[1], size[0], second[1], second[0], scale,
                ratio, kernels, secondKernel);
    }

    @Override
    public Transform create(RandomResizedCropAndInterpolationWithTwoPicConfig config, BuildContext context) {
        return new RandomResizedCropAndInterpolationWithTwoPic(config);
    }
}

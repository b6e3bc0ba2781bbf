package org.pretrain4j.data.transforms;

import com.google.auto.service.AutoService;
import java.util.List;
import java.util.Locale;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.TransformFactory;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.data.Transform;
import org.pretrain4j.data.transforms.ImageOps.Border;

/** Factory of {@link RandomCrop}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(TransformFactory.class)
public final class RandomCropFactory implements TransformFactory<RandomCropConfig> {
    /** The type name configs use. */
    public static final String NAME = "RandomCrop";

    private static final List<ParamDoc> PARAMETERS = List.of(
            ParamDoc.required("crop_size", "int | [h, w]", "Output size; one integer means a square."),
            ParamDoc.optional("padding", "int | [lr, tb] | [left, top, right, bottom]", "null",
                    "Padding added first, always with the constant pad_val (as in mmpretrain)."),
            ParamDoc.optional("pad_if_needed", "boolean", "false",
                    "Pad images smaller than crop_size by half the shortfall (rounded up) on each side."),
            ParamDoc.optional("pad_val", "number | list<number>", "0", "Constant fill, one value or one per channel."),
            ParamDoc.optional("padding_mode", "string", "\"constant\"",
                    "Border mode of the pad_if_needed padding: constant, edge, reflect or symmetric."));

    /** Creates the factory; it holds no state. */
    public RandomCropFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Crops at a random position after optional padding (mmpretrain RandomCrop).";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("crop_size = 32, padding = 4");
    }

    @Override
    public RandomCropConfig parseConfig(ConfigView config) {
        int[] size = Params.pair(config, "crop_size");
        int[] padding = null;
        if (config.has("padding")) {
            List<Integer> p = config.getIntList("padding", List.of());
            padding = switch (p.size()) {
                case 1 -> new int[] {p.get(0), p.get(0), p.get(0), p.get(0)};
                case 2 -> new int[] {p.get(0), p.get(1), p.get(0), p.get(1)};
                case 4 -> new int[] {p.get(0), p.get(1), p.get(2), p.get(3)};
                default -> throw config.error("padding", "expected an integer or a list of 2 or 4, got " + p);
            };
            for (int v : padding) {
                if (v < 0) {
                    throw config.error("padding", "expected non-negative padding, got " + p);
                }
            }
        }
        boolean padIfNeeded = config.getBoolean("pad_if_needed", false);
        int[] padVal = config.getDoubleList("pad_val", List.of(0.0)).stream()
                .mapToInt(v -> (int) Math.max(0, Math.min(255, Math.rint(v)))).toArray();
        String mode = config.getEnum("padding_mode", "constant", "constant", "edge", "reflect", "symmetric");
        return new RandomCropConfig(size[0], size[1], padding, padIfNeeded, padVal,
                Border.valueOf(mode.toUpperCase(Locale.ROOT)));
    }

    @Override
    public Transform create(RandomCropConfig config, BuildContext context) {
        return new RandomCrop(config);
    }
}

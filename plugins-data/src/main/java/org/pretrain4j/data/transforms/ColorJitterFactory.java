package org.pretrain4j.data.transforms;

import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.TransformFactory;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.data.Transform;

/** Factory of {@link ColorJitter}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(TransformFactory.class)
public final class ColorJitterFactory implements TransformFactory<ColorJitterConfig> {
    /** The type name configs use. */
    public static final String NAME = "ColorJitter";

    private static final List<ParamDoc> PARAMETERS = List.of(
            ParamDoc.optional("brightness", "number | [min, max]", "0",
                    "Brightness factor drawn from [max(0, 1 - b), 1 + b] or the given range; 0 is off."),
            ParamDoc.optional("contrast", "number | [min, max]", "0",
                    "Contrast factor drawn from [max(0, 1 - c), 1 + c] or the given range; 0 is off."),
            ParamDoc.optional("saturation", "number | [min, max]", "0",
                    "Saturation factor drawn from [max(0, 1 - s), 1 + s] or the given range; 0 is off."),
            ParamDoc.optional("hue", "number | [min, max]", "0",
                    "Hue shift drawn from [-h, h] or the given range, within [-0.5, 0.5]; 0 is off."),
            ParamDoc.optional("backend", "string", "\"pillow\"",
                    "pillow or cv2; accepted for portability, the arithmetic is always Pillow's."));

    /** Creates the factory; it holds no state. */
    public ColorJitterFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Randomly changes brightness, contrast, saturation and hue in random order (mmpretrain ColorJitter).";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("brightness = 0.4, contrast = 0.4, saturation = 0.4, hue = 0.1");
    }

    @Override
    public ColorJitterConfig parseConfig(ConfigView config) {
        return new ColorJitterConfig(range(config, "brightness", 1, 0, Double.POSITIVE_INFINITY),
                range(config, "contrast", 1, 0, Double.POSITIVE_INFINITY),
                range(config, "saturation", 1, 0, Double.POSITIVE_INFINITY), range(config, "hue", 0, -0.5, 0.5),
                config.getEnum("backend", "pillow", "pillow", "cv2"));
    }

    /** mmpretrain's {@code _set_range}: a number v means [center - v, center + v], clipped to the bounds. */
    private static double[] range(ConfigView config, String key, double center, double lo, double hi) {
        List<Double> v = config.getDoubleList(key, List.of(0.0));
        boolean single = config.unwrap().get(key) == null
                || config.unwrap().get(key).valueType() != com.typesafe.config.ConfigValueType.LIST;
        double[] r;
        if (single && v.size() == 1) {
            if (v.get(0) < 0) {
                throw config.error(key, "a single number must be non-negative, got " + v.get(0));
            }
            r = new double[] {center - v.get(0), center + v.get(0)};
        } else if (v.size() == 2 && v.get(0) <= v.get(1)) {
            r = new double[] {v.get(0), v.get(1)};
        } else {
            throw config.error(key, "expected a number or [min, max] with min <= max, got " + v);
        }
        r[0] = Math.max(lo, Math.min(hi, r[0]));
        r[1] = Math.max(lo, Math.min(hi, r[1]));
        return r[0] == center && r[1] == center ? null : r;
    }

    @Override
    public Transform create(ColorJitterConfig config, BuildContext context) {
        return new ColorJitter(config);
    }
}

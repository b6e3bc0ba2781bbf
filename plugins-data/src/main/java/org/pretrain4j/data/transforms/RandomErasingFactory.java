package org.pretrain4j.data.transforms;

import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.TransformFactory;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.data.Transform;

/** Factory of {@link RandomErasing}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(TransformFactory.class)
public final class RandomErasingFactory implements TransformFactory<RandomErasingConfig> {
    /** The type name configs use. */
    public static final String NAME = "RandomErasing";

    private static final List<ParamDoc> PARAMETERS = List.of(
            ParamDoc.optional("erase_prob", "number", "0.5", "Probability of erasing a rectangle."),
            ParamDoc.optional("min_area_ratio", "number", "0.02", "Smallest erased area / image area."),
            ParamDoc.optional("max_area_ratio", "number", "0.4", "Largest erased area / image area."),
            ParamDoc.optional("aspect_range", "number | [min, max]", "[0.3, 3.3333333]",
                    "Erased height / width, log-uniform; a number r means [min(r, 1/r), max(r, 1/r)]."),
            ParamDoc.optional("mode", "string", "\"const\"", "const (fill_color) or rand (random pixels)."),
            ParamDoc.optional("fill_color", "number | [b, g, r]", "[128, 128, 128]",
                    "Constant fill, or the mean of the normal fill in rand mode with fill_std."),
            ParamDoc.optional("fill_std", "number | list<number>", "null",
                    "rand mode: normal fill with this std around fill_color; unset means uniform in [0, 255]."));

    /** Creates the factory; it holds no state. */
    public RandomErasingFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Erases a random rectangle with a constant or random fill (mmpretrain RandomErasing).";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("erase_prob = 0.25, mode = rand");
    }

    @Override
    public RandomErasingConfig parseConfig(ConfigView config) {
        double prob = config.checkRange("erase_prob", config.getDouble("erase_prob", 0.5), 0, 1);
        double min = config.checkRange("min_area_ratio", config.getDouble("min_area_ratio", 0.02), 0, 1);
        double max = config.checkRange("max_area_ratio", config.getDouble("max_area_ratio", 0.4), 0, 1);
        if (min > max) {
            throw config.error("min_area_ratio", "must not exceed max_area_ratio (" + max + "), got " + min);
        }
        List<Double> aspect = config.getDoubleList("aspect_range", List.of(3.0 / 10, 10.0 / 3));
        double[] range = aspect.size() == 1
                ? new double[] {Math.min(aspect.get(0), 1 / aspect.get(0)), Math.max(aspect.get(0), 1 / aspect.get(0))}
                : aspect.stream().mapToDouble(Double::doubleValue).toArray();
        if (range.length != 2 || range[0] <= 0 || range[0] > range[1]) {
            throw config.error("aspect_range", "expected a positive number or [min, max] with 0 < min <= max, got "
                    + aspect);
        }
        boolean random = config.getEnum("mode", "const", "const", "rand").equals("rand");
        return new RandomErasingConfig(prob, min, max, range, random, colours(config, "fill_color", 128.0),
                config.has("fill_std") ? colours(config, "fill_std", 0.0) : null);
    }

    private static double[] colours(ConfigView config, String key, double fallback) {
        List<Double> v = config.getDoubleList(key, List.of(fallback, fallback, fallback));
        if (v.size() != 1 && v.size() != 3) {
            throw config.error(key, "expected a number or a list of three, got " + v);
        }
        if (v.stream().anyMatch(x -> x < 0 || x > 255)) {
            throw config.error(key, "expected values in [0, 255], got " + v);
        }
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Override
    public Transform create(RandomErasingConfig config, BuildContext context) {
        return new RandomErasing(config);
    }
}

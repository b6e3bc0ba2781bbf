package org.pretrain4j.data.transforms;

import com.google.auto.service.AutoService;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.TransformFactory;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.data.Transform;

/** Factory of {@link GaussianBlur}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(TransformFactory.class)
public final class GaussianBlurFactory implements TransformFactory<GaussianBlurConfig> {
    /** The type name configs use. */
    public static final String NAME = "GaussianBlur";

    private static final List<ParamDoc> PARAMETERS = List.of(
            ParamDoc.optional("radius", "number | null", "null",
                    "Fixed blur radius (standard deviation in pixels); give this or magnitude_range."),
            ParamDoc.optional("prob", "number", "0.5", "Probability of blurring."),
            ParamDoc.optional("magnitude_level", "number", "10", "Magnitude level, out of total_level."),
            ParamDoc.optional("magnitude_range", "[min, max] | null", "null",
                    "Radius at level 0 and at total_level; give this or radius. SimCLR uses [0.1, 2.0]."),
            ParamDoc.optional("magnitude_std", "number | \"inf\"", "0",
                    "Noise on the level: \"inf\" draws it uniformly from [0, magnitude_level], a positive number "
                            + "from a normal clipped to [0, total_level], 0 keeps it."),
            ParamDoc.optional("total_level", "number", "10", "The level mapped to the end of magnitude_range."));

    /** Creates the factory; it holds no state. */
    public GaussianBlurFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Blurs with Pillow's Gaussian blur at a fixed or random radius, with a probability (mmpretrain "
                + "GaussianBlur).";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("magnitude_range = [0.1, 2.0], magnitude_std = inf, prob = 0.5");
    }

    @Override
    public GaussianBlurConfig parseConfig(ConfigView config) {
        Double radius = config.has("radius") ? config.getDouble("radius") : null;
        double prob = config.checkRange("prob", config.getDouble("prob", 0.5), 0, 1);
        double level = config.getDouble("magnitude_level", 10);
        double[] range = config.has("magnitude_range") ? Params.range(config, "magnitude_range", 0, 0) : null;
        double std = std(config);
        double total = config.getDouble("total_level", 10);
        if ((radius == null) == (range == null)) {
            throw config.error(radius == null ? "magnitude_range" : "radius",
                    "give exactly one of radius and magnitude_range");
        }
        if (radius != null && radius < 0) {
            throw config.error("radius", "expected a non-negative radius, got " + radius);
        }
        if (range != null && range[0] < 0) {
            throw config.error("magnitude_range", "expected non-negative radii, got [" + range[0] + ", " + range[1]
                    + "]");
        }
        if (!(total > 0) || level < 0 || level > total) {
            throw config.error("magnitude_level", "expected 0 <= magnitude_level <= total_level with total_level > 0, "
                    + "got " + level + " of " + total);
        }
        return new GaussianBlurConfig(radius, prob, level, range, std, total);
    }

    /** {@code magnitude_std}: a non-negative number, or mmpretrain's string {@code 'inf'}. */
    private static double std(ConfigView config) {
        ConfigValue raw = config.unwrap().get("magnitude_std");
        if (raw != null && raw.valueType() == ConfigValueType.STRING
                && "inf".equals(config.getString("magnitude_std"))) {
            return Double.POSITIVE_INFINITY;
        }
        double std = config.getDouble("magnitude_std", 0);
        if (std < 0) {
            throw config.error("magnitude_std", "expected a non-negative number or \"inf\", got " + std);
        }
        return std;
    }

    @Override
    public Transform create(GaussianBlurConfig config, BuildContext context) {
        return new GaussianBlur(config);
    }
}

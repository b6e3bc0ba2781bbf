package org.pretrain4j.data.transforms;

import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.TransformFactory;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.data.Transform;

/** Factory of {@link RandomGrayscale}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(TransformFactory.class)
public final class RandomGrayscaleFactory implements TransformFactory<RandomGrayscaleConfig> {
    /** The type name configs use. */
    public static final String NAME = "RandomGrayscale";

    private static final List<ParamDoc> PARAMETERS = List.of(
            ParamDoc.optional("prob", "number", "0.1", "Probability of converting to grey."),
            ParamDoc.optional("keep_channels", "boolean", "false",
                    "Repeat the grey plane over the input's channels instead of returning one channel."),
            ParamDoc.optional("channel_weights", "list<number>", "[1.0, 1.0, 1.0]",
                    "Weight per channel in the image's channel order (BGR for decoded files), normalised to sum 1."),
            ParamDoc.optional("color_format", "string", "\"bgr\"",
                    "bgr or rgb: the weights follow the stored channel order either way (hsv is not supported)."));

    /** Creates the factory; it holds no state. */
    public RandomGrayscaleFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Converts an image to grey with a probability, as a weighted sum of its channels (mmcv "
                + "RandomGrayscale).";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("prob = 0.2, keep_channels = true, channel_weights = [0.114, 0.587, 0.2989]");
    }

    @Override
    public RandomGrayscaleConfig parseConfig(ConfigView config) {
        double prob = config.checkRange("prob", config.getDouble("prob", 0.1), 0, 1);
        boolean keep = config.getBoolean("keep_channels", false);
        List<Double> weights = config.getDoubleList("channel_weights", List.of(1.0, 1.0, 1.0));
        double sum = weights.stream().mapToDouble(Double::doubleValue).sum();
        if (weights.isEmpty() || weights.stream().anyMatch(w -> w < 0) || !(sum > 0)) {
            throw config.error("channel_weights", "expected non-negative weights with a positive sum, got " + weights);
        }
        config.getEnum("color_format", "bgr", "bgr", "rgb");
        return new RandomGrayscaleConfig(prob, keep, weights.stream().mapToDouble(Double::doubleValue).toArray());
    }

    @Override
    public Transform create(RandomGrayscaleConfig config, BuildContext context) {
        return new RandomGrayscale(config);
    }
}

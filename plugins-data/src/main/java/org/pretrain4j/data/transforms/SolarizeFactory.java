package org.pretrain4j.data.transforms;

import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.TransformFactory;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.data.Transform;

/** Factory of {@link Solarize}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(TransformFactory.class)
public final class SolarizeFactory implements TransformFactory<SolarizeConfig> {
    /** The type name configs use. */
    public static final String NAME = "Solarize";

    private static final List<ParamDoc> PARAMETERS = List.of(
            ParamDoc.required("thr", "number", "Pixels at or above this value (0-256) become 255 - value; 256 leaves "
                    + "every pixel unchanged."),
            ParamDoc.optional("prob", "number", "0.5", "Probability of solarizing an image."));

    /** Creates the factory; it holds no state. */
    public SolarizeFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Inverts the pixels at or above a threshold with a probability (mmpretrain Solarize), as BYOL's "
                + "second view does.";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("thr = 128, prob = 0.2");
    }

    @Override
    public SolarizeConfig parseConfig(ConfigView config) {
        double thr = config.checkRange("thr", config.getDouble("thr"), 0, 256);
        double prob = config.checkRange("prob", config.getDouble("prob", 0.5), 0, 1);
        return new SolarizeConfig(thr, prob);
    }

    @Override
    public Transform create(SolarizeConfig config, BuildContext context) {
        return new Solarize(config);
    }
}

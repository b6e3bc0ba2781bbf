package org.pretrain4j.data.transforms;

import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.Kind;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.TransformFactory;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.data.Transform;

/** Factory of {@link RandomApply}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(TransformFactory.class)
public final class RandomApplyFactory implements TransformFactory<RandomApplyConfig> {
    /** The type name configs use. */
    public static final String NAME = "RandomApply";

    private static final List<ParamDoc> PARAMETERS = List.of(
            ParamDoc.required("transforms", "transform config | list<transform config>",
                    "The transforms applied together, in order."),
            ParamDoc.optional("prob", "number", "0.5", "Probability of applying them."));

    /** Creates the factory; it holds no state. */
    public RandomApplyFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Applies a list of transforms with a probability, or none of them (mmcv RandomApply).";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("transforms = [{ type = ColorJitter, brightness = 0.8, contrast = 0.8 }], prob = 0.8");
    }

    @Override
    public RandomApplyConfig parseConfig(ConfigView config) {
        com.typesafe.config.ConfigValue raw = config.unwrap().get("transforms");
        List<ConfigView> transforms = raw != null && raw.valueType() == com.typesafe.config.ConfigValueType.OBJECT
                ? List.of(config.getView("transforms")) : config.getViewList("transforms");
        if (transforms.isEmpty()) {
            throw config.error("transforms", "expected a transform or a non-empty list of transforms");
        }
        return new RandomApplyConfig(transforms, config.checkRange("prob", config.getDouble("prob", 0.5), 0, 1));
    }

    @Override
    public Transform create(RandomApplyConfig config, BuildContext context) {
        return new RandomApply(config.transforms().stream().map(v -> context.build(Kind.TRANSFORM, v)).toList(),
                config.prob());
    }
}

package org.pretrain4j.data.transforms;

import com.google.auto.service.AutoService;
import java.util.ArrayList;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.TransformFactory;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.data.Transform;

/** Factory of {@link RandomFlip}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(TransformFactory.class)
public final class RandomFlipFactory implements TransformFactory<RandomFlipConfig> {
    /** The type name configs use. */
    public static final String NAME = "RandomFlip";

    private static final List<String> DIRECTIONS = List.of("horizontal", "vertical", "diagonal");
    private static final List<ParamDoc> PARAMETERS = List.of(
            ParamDoc.optional("prob", "number | list<number>", "0.5", "Flip probability; a single number is shared "
                    + "equally by the directions, a list gives one per direction (sum at most 1)."),
            ParamDoc.optional("direction", "string | list<string>", "\"horizontal\"",
                    "horizontal, vertical or diagonal (both), or a list of them."));

    /** Creates the factory; it holds no state. */
    public RandomFlipFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Flips horizontally, vertically or diagonally at random (mmcv RandomFlip).";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("prob = 0.5, direction = horizontal");
    }

    @Override
    public RandomFlipConfig parseConfig(ConfigView config) {
        boolean probIsList = config.has("prob")
                && config.unwrap().get("prob").valueType() == com.typesafe.config.ConfigValueType.LIST;
        List<Double> prob = config.getDoubleList("prob", List.of(0.5));
        List<String> directions = config.getStringList("direction", List.of("horizontal"));
        for (String d : directions) {
            if (!DIRECTIONS.contains(d)) {
                throw config.error("direction", "expected horizontal, vertical or diagonal, got '" + d + "'");
            }
        }
        List<Double> probs = new ArrayList<>();
        if (probIsList) {
            if (prob.size() != directions.size()) {
                throw config.error("prob", "a list of " + prob.size() + " probabilities needs as many directions, "
                        + "got " + directions);
            }
            probs.addAll(prob);
        } else {
            // One probability shared equally by the directions, as mmcv does.
            directions.forEach(d -> probs.add(prob.get(0) / directions.size()));
        }
        double sum = probs.stream().mapToDouble(Double::doubleValue).sum();
        if (probs.stream().anyMatch(p -> p < 0) || sum > 1 + 1e-9) {
            throw config.error("prob", "expected probabilities in [0, 1] summing to at most 1, got " + prob);
        }
        return new RandomFlipConfig(directions, probs);
    }

    @Override
    public Transform create(RandomFlipConfig config, BuildContext context) {
        return new RandomFlip(config);
    }
}

package org.pretrain4j.core.schedule;

import com.google.auto.service.AutoService;
import java.util.ArrayList;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.ParamSchedulerFactory;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.train.ParamScheduler;

/** Factory of {@link StepLr}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(ParamSchedulerFactory.class)
public final class StepLrFactory implements ParamSchedulerFactory<StepLrConfig> {
    /** The type name configs use. */
    public static final String NAME = "StepLR";

    private static final List<ParamDoc> PARAMETERS;

    static {
        List<ParamDoc> docs = new ArrayList<>(List.of(
                ParamDoc.required("step_size", "int", "Period of the decay, in the scheduler's unit."),
                ParamDoc.optional("gamma", "float", "0.1", "Decay factor applied every step_size steps.")));
        docs.addAll(Window.DOCS);
        PARAMETERS = List.copyOf(docs);
    }

    /** Creates the factory; it holds no state. */
    public StepLrFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Multiplies the learning rate by gamma every step_size steps, as mmengine's StepLR.";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("step_size = 2");
    }

    @Override
    public StepLrConfig parseConfig(ConfigView config) {
        int stepSize = config.getInt("step_size");
        if (stepSize <= 0) {
            throw config.error("step_size", "expected an integer > 0, got " + stepSize);
        }
        double gamma = config.getDouble("gamma", 0.1);
        return new StepLrConfig(stepSize, gamma, Window.read(config));
    }

    @Override
    public ParamScheduler create(StepLrConfig config, BuildContext context) {
        return new StepLr(config);
    }
}

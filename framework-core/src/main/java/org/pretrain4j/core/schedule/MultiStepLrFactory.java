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

/** Factory of {@link MultiStepLr}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(ParamSchedulerFactory.class)
public final class MultiStepLrFactory implements ParamSchedulerFactory<MultiStepLrConfig> {
    /** The type name configs use. */
    public static final String NAME = "MultiStepLR";

    private static final List<ParamDoc> PARAMETERS;

    static {
        List<ParamDoc> docs = new ArrayList<>(List.of(
                ParamDoc.required("milestones", "list<int>", "Steps, counted from begin in the scheduler's unit, at which the learning rate is multiplied by gamma."),
                ParamDoc.optional("gamma", "float", "0.1", "Decay factor applied at each milestone.")));
        docs.addAll(Window.DOCS);
        PARAMETERS = List.copyOf(docs);
    }

    /** Creates the factory; it holds no state. */
    public MultiStepLrFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Multiplies the learning rate by gamma at each milestone, as mmengine's MultiStepLR.";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("milestones = [2, 4]");
    }

    @Override
    public MultiStepLrConfig parseConfig(ConfigView config) {
        List<Integer> milestones = config.getIntList("milestones", null);
        if (milestones == null) {
            throw config.error("milestones", "missing required key 'milestones' (expected a list of integers)");
        }
        for (int m : milestones) {
            if (m < 0) {
                throw config.error("milestones", "expected integers >= 0, got " + milestones);
            }
        }
        double gamma = config.getDouble("gamma", 0.1);
        return new MultiStepLrConfig(milestones, gamma, Window.read(config));
    }

    @Override
    public ParamScheduler create(MultiStepLrConfig config, BuildContext context) {
        return new MultiStepLr(config);
    }
}

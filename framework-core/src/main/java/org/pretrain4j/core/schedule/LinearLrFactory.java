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

/** Factory of {@link LinearLr}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(ParamSchedulerFactory.class)
public final class LinearLrFactory implements ParamSchedulerFactory<LinearLrConfig> {
    /** The type name configs use. */
    public static final String NAME = "LinearLR";

    private static final List<ParamDoc> PARAMETERS;

    static {
        List<ParamDoc> docs = new ArrayList<>(List.of(
                ParamDoc.optional("start_factor", "float", "0.3333333333333333", "Factor on the first step of the window, in [0, 1]."),
                ParamDoc.optional("end_factor", "float", "1.0", "Factor on the last step of the window (kept afterwards), in [0, 1].")));
        docs.addAll(Window.DOCS);
        PARAMETERS = List.copyOf(docs);
    }

    /** Creates the factory; it holds no state. */
    public LinearLrFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Linear warm-up: scales the learning rate by a factor going linearly from start_factor to end_factor over the window, as mmengine's LinearLR.";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("start_factor = 0.1, end = 5, convert_to_iter_based = true");
    }

    @Override
    public LinearLrConfig parseConfig(ConfigView config) {
        double start = config.getDouble("start_factor", 1.0 / 3);
        if (!(start >= 0 && start <= 1)) {
            throw config.error("start_factor", "expected a number in [0, 1], got " + start);
        }
        double end = config.getDouble("end_factor", 1.0);
        if (!(end >= 0 && end <= 1)) {
            throw config.error("end_factor", "expected a number in [0, 1], got " + end);
        }
        return new LinearLrConfig(start, end, Window.read(config));
    }

    @Override
    public ParamScheduler create(LinearLrConfig config, BuildContext context) {
        return new LinearLr(config);
    }
}

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

/** Factory of {@link CosineAnnealingLr}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(ParamSchedulerFactory.class)
public final class CosineAnnealingLrFactory implements ParamSchedulerFactory<CosineAnnealingLrConfig> {
    /** The type name configs use. */
    public static final String NAME = "CosineAnnealingLR";

    private static final List<ParamDoc> PARAMETERS;

    static {
        List<ParamDoc> docs = new ArrayList<>(List.of(
                ParamDoc.optional("T_max", "int", "null", "Half period of the cosine in the scheduler's unit; null means the window's length (end - begin)."),
                ParamDoc.optional("eta_min", "float", "0", "Minimum learning rate. Give eta_min or eta_min_ratio, not both."),
                ParamDoc.optional("eta_min_ratio", "float", "null", "Minimum learning rate as a ratio of the base learning rate.")));
        docs.addAll(Window.DOCS);
        PARAMETERS = List.copyOf(docs);
    }

    /** Creates the factory; it holds no state. */
    public CosineAnnealingLrFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Cosine annealing from the current learning rate to eta_min over T_max steps, as mmengine's CosineAnnealingLR.";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("T_max = 4, eta_min = 0.0001");
    }

    @Override
    public CosineAnnealingLrConfig parseConfig(ConfigView config) {
        Integer tMax = config.has("T_max") ? config.getInt("T_max") : null;
        if (tMax != null && tMax <= 0) {
            throw config.error("T_max", "expected an integer > 0, got " + tMax);
        }
        boolean hasEtaMin = config.has("eta_min");
        Double ratio = config.has("eta_min_ratio") ? config.getDouble("eta_min_ratio") : null;
        if (hasEtaMin && ratio != null) {
            throw config.error("eta_min_ratio", "give either eta_min or eta_min_ratio, not both");
        }
        double etaMin = config.getDouble("eta_min", 0.0);
        return new CosineAnnealingLrConfig(tMax, etaMin, ratio, Window.read(config));
    }

    @Override
    public ParamScheduler create(CosineAnnealingLrConfig config, BuildContext context) {
        return new CosineAnnealingLr(config);
    }
}

package org.pretrain4j.core.evaluation;

import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.MetricFactory;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.evaluation.Metric;

/** Factory of {@link AveragePrecision}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(MetricFactory.class)
public final class AveragePrecisionFactory implements MetricFactory<AveragePrecisionConfig> {
    /** The type name configs use. */
    public static final String NAME = "AveragePrecision";

    private static final List<ParamDoc> PARAMETERS = List.of(
            ParamDoc.optional("average", "string | null", "macro",
                    "macro: the mean AP over classes (multi-label/mAP); null: one value per class, named like "
                            + "multi-label/AP_classwise/3."));

    /** Creates the factory; it holds no state. */
    public AveragePrecisionFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Average precision per class of multi-label scores, and their mean (multi-label/mAP), in percent.";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("average = macro");
    }

    @Override
    public AveragePrecisionConfig parseConfig(ConfigView config) {
        String average = MetricParams.isExplicitNull(config, "average") ? null : config.getString("average", "macro");
        if (average != null && !average.equals("macro")) {
            throw config.error("average", "expected macro or null (per-class values), got '" + average + "'");
        }
        return new AveragePrecisionConfig(average);
    }

    @Override
    public Metric create(AveragePrecisionConfig config, BuildContext context) {
        return new AveragePrecision(config);
    }
}

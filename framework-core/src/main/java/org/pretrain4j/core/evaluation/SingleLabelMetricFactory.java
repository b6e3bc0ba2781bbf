package org.pretrain4j.core.evaluation;

import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.MetricFactory;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.evaluation.Metric;

/** Factory of {@link SingleLabelMetric}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(MetricFactory.class)
public final class SingleLabelMetricFactory implements MetricFactory<SingleLabelMetricConfig> {
    /** The type name configs use. */
    public static final String NAME = "SingleLabelMetric";

    private static final List<ParamDoc> PARAMETERS = List.of(
            ParamDoc.optional(MetricParams.THRS, "number | null | list<number | null>", "0.0",
                    "The top-1 prediction counts as positive only if its score is above the threshold; null means "
                            + "always. With several, names get _thr-0.50 / _no-thr suffixes."),
            PrecisionRecall.ITEMS_DOC,
            PrecisionRecall.averageDoc("single-label"),
            MetricParams.NUM_CLASSES_DOC);

    /** Creates the factory; it holds no state. */
    public SingleLabelMetricFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Precision, recall, F1-score and support of single-label predictions (single-label/precision, ...).";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("items = [precision, recall, f1-score, support], average = macro");
    }

    @Override
    public SingleLabelMetricConfig parseConfig(ConfigView config) {
        List<Double> thrs = MetricParams.thresholds(config);
        List<String> items = PrecisionRecall.items(config);
        String average = PrecisionRecall.average(config);
        return new SingleLabelMetricConfig(thrs, items, average, MetricParams.numClasses(config));
    }

    @Override
    public Metric create(SingleLabelMetricConfig config, BuildContext context) {
        return new SingleLabelMetric(config);
    }
}

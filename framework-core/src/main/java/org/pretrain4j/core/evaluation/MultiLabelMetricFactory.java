package org.pretrain4j.core.evaluation;

import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.MetricFactory;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.evaluation.Metric;

/** Factory of {@link MultiLabelMetric}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(MetricFactory.class)
public final class MultiLabelMetricFactory implements MetricFactory<MultiLabelMetricConfig> {
    /** The type name configs use. */
    public static final String NAME = "MultiLabelMetric";

    private static final List<ParamDoc> PARAMETERS = List.of(
            ParamDoc.optional("thr", "number | null", "null",
                    "A class is predicted when its score is at least thr; it wins over topk. Neither thr nor topk "
                            + "means thr = 0.5. Names get _thr-0.30 unless thr is 0.5."),
            ParamDoc.optional("topk", "int | null", "null",
                    "Without thr: the k best-scored classes of each sample are predicted. Names get _top3."),
            PrecisionRecall.ITEMS_DOC,
            PrecisionRecall.averageDoc("multi-label"));

    /** Creates the factory; it holds no state. */
    public MultiLabelMetricFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Precision, recall, F1-score and support of multi-label predictions (multi-label/precision, ...).";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("thr = 0.5, items = [precision, recall, f1-score, support], average = micro");
    }

    @Override
    public MultiLabelMetricConfig parseConfig(ConfigView config) {
        Double thr = config.has("thr") ? config.getDouble("thr") : null;
        if (thr != null && !Double.isFinite(thr)) {
            throw config.error("thr", "expected a finite number or null, got " + thr);
        }
        Integer topk = config.has("topk") ? config.checkRange("topk", config.getInt("topk"), 1, Integer.MAX_VALUE)
                : null;
        return new MultiLabelMetricConfig(thr, topk, PrecisionRecall.items(config), PrecisionRecall.average(config));
    }

    @Override
    public Metric create(MultiLabelMetricConfig config, BuildContext context) {
        return new MultiLabelMetric(config);
    }
}

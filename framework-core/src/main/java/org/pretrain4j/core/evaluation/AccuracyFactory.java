package org.pretrain4j.core.evaluation;

import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.MetricFactory;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.evaluation.Metric;

/** Factory of {@link Accuracy}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(MetricFactory.class)
public final class AccuracyFactory implements MetricFactory<AccuracyConfig> {
    /** The type name configs use. */
    public static final String NAME = "Accuracy";

    private static final List<ParamDoc> PARAMETERS = List.of(
            ParamDoc.optional("topk", "int | list<int>", "[1]",
                    "Report top-k accuracy for each k: the true class is among the k best-scored classes. "
                            + "A k above the number of classes is an error."),
            ParamDoc.optional(MetricParams.THRS, "number | null | list<number | null>", "0.0",
                    "Score thresholds: the true class counts only if its score is above the threshold; null means "
                            + "no threshold. With several, names get _thr-0.50 / _no-thr suffixes."));

    /** Creates the factory; it holds no state. */
    public AccuracyFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Top-k classification accuracy in percent, reported as accuracy/top1, accuracy/top5, ...";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("topk = [1]");
    }

    @Override
    public AccuracyConfig parseConfig(ConfigView config) {
        List<Integer> topk = config.getIntList("topk", List.of(1));
        if (topk.isEmpty() || topk.stream().anyMatch(k -> k < 1)) {
            throw config.error("topk", "expected positive integers, got " + topk);
        }
        return new AccuracyConfig(topk, MetricParams.thresholds(config));
    }

    @Override
    public Metric create(AccuracyConfig config, BuildContext context) {
        return new Accuracy(config);
    }
}

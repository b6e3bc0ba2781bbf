package org.pretrain4j.core.evaluation;

import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.MetricFactory;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.evaluation.Metric;
import org.pretrain4j.core.evaluation.RetrievalAveragePrecisionConfig.Mode;

/** Factory of {@link RetrievalAveragePrecision}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(MetricFactory.class)
public final class RetrievalAveragePrecisionFactory implements MetricFactory<RetrievalAveragePrecisionConfig> {
    /** The type name configs use. */
    public static final String NAME = "RetrievalAveragePrecision";

    private static final List<ParamDoc> PARAMETERS = List.of(
            ParamDoc.required("topk", "int",
                    "Ranks each query's precision is accumulated over; the sum is divided by all relevant gallery "
                            + "items, so use the gallery size for the usual full-ranking mAP."),
            ParamDoc.optional("mode", "string", "IR",
                    "IR: mean of the precisions at the relevant ranks; integrate: trapezoid area under the "
                            + "precision-recall curve (Oxford/Paris convention)."));

    /** Creates the factory; it holds no state. */
    public RetrievalAveragePrecisionFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Image-retrieval mean average precision in percent, reported as retrieval/mAP@k.";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("topk = 10, mode = integrate");
    }

    @Override
    public RetrievalAveragePrecisionConfig parseConfig(ConfigView config) {
        int topk = config.getInt("topk");
        if (topk < 1) {
            throw config.error("topk", "expected a positive integer, got " + topk);
        }
        String mode = config.getEnum("mode", "IR", "IR", "integrate");
        return new RetrievalAveragePrecisionConfig(topk, mode.equals("IR") ? Mode.IR : Mode.INTEGRATE);
    }

    @Override
    public Metric create(RetrievalAveragePrecisionConfig config, BuildContext context) {
        return new RetrievalAveragePrecision(config);
    }
}

package org.pretrain4j.core.evaluation;

import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.MetricFactory;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.evaluation.Metric;

/** Factory of {@link RetrievalRecall}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(MetricFactory.class)
public final class RetrievalRecallFactory implements MetricFactory<RetrievalRecallConfig> {
    /** The type name configs use. */
    public static final String NAME = "RetrievalRecall";

    private static final List<ParamDoc> PARAMETERS = List.of(
            ParamDoc.required("topk", "int | list<int>",
                    "Report Recall@k for each k: a query counts when a relevant gallery item (same class) is among "
                            + "its k best-ranked items."));

    /** Creates the factory; it holds no state. */
    public RetrievalRecallFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Image-retrieval recall in percent, reported as retrieval/Recall@1, retrieval/Recall@5, ...";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("topk = [1, 5]");
    }

    @Override
    public RetrievalRecallConfig parseConfig(ConfigView config) {
        if (!config.has("topk")) {
            throw config.error("topk", "missing required key 'topk', e.g. topk = [1, 5]");
        }
        List<Integer> topk = config.getIntList("topk", List.of());
        if (topk.isEmpty() || topk.stream().anyMatch(k -> k < 1)) {
            throw config.error("topk", "expected positive integers, got " + topk);
        }
        return new RetrievalRecallConfig(topk);
    }

    @Override
    public Metric create(RetrievalRecallConfig config, BuildContext context) {
        return new RetrievalRecall(config);
    }
}

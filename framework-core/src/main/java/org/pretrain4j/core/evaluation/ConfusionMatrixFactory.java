package org.pretrain4j.core.evaluation;

import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.MetricFactory;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.evaluation.Metric;

/** Factory of {@link ConfusionMatrix}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(MetricFactory.class)
public final class ConfusionMatrixFactory implements MetricFactory<ConfusionMatrixConfig> {
    /** The type name configs use. */
    public static final String NAME = "ConfusionMatrix";

    private static final List<ParamDoc> PARAMETERS = List.of(MetricParams.NUM_CLASSES_DOC);

    /** Creates the factory; it holds no state. */
    public ConfusionMatrixFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Confusion matrix of single-label predictions, written as confusion_matrix.png and .csv; "
                + "reports no scalar values.";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("");
    }

    @Override
    public ConfusionMatrixConfig parseConfig(ConfigView config) {
        return new ConfusionMatrixConfig(MetricParams.numClasses(config));
    }

    @Override
    public Metric create(ConfusionMatrixConfig config, BuildContext context) {
        return new ConfusionMatrix(config);
    }
}

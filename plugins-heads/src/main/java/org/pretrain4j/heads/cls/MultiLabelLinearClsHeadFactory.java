package org.pretrain4j.heads.cls;

import ai.djl.ndarray.types.Shape;
import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.HeadFactory;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.Head;

/** Factory of {@link MultiLabelLinearClsHead}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(HeadFactory.class)
public final class MultiLabelLinearClsHeadFactory implements HeadFactory<LinearClsHeadConfig> {
    /** The type name configs use. */
    public static final String NAME = "MultiLabelLinearClsHead";

    private static final List<ParamDoc> PARAMETERS =
            LinearClsHeadConfig.parameters(ClsHeadConfig.MULTI_LABEL_PARAMETERS);

    /** Creates the factory; it holds no state. */
    public MultiLabelLinearClsHeadFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Multi-label head with one fully connected layer fc; sigmoid scores, classes above thr predicted.";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("num_classes = 3, in_channels = 4, topk = 2", new Shape(2, 4));
    }

    @Override
    public LinearClsHeadConfig parseConfig(ConfigView config) {
        return LinearClsHeadConfig.parse(config, true);
    }

    @Override
    public Head create(LinearClsHeadConfig config, BuildContext context) {
        return new MultiLabelLinearClsHead(config.numClasses(), config.inChannels(), config.head().buildLoss(context),
                config.head().multiLabel());
    }
}

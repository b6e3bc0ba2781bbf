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

/** Factory of {@link MultiLabelClsHead}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(HeadFactory.class)
public final class MultiLabelClsHeadFactory implements HeadFactory<ClsHeadConfig> {
    /** The type name configs use. */
    public static final String NAME = "MultiLabelClsHead";

    /** Creates the factory; it holds no state. */
    public MultiLabelClsHeadFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Multi-label head whose last input feature already holds the class scores; sigmoid scores, "
                + "classes above thr predicted.";
    }

    @Override
    public List<ParamDoc> parameters() {
        return ClsHeadConfig.MULTI_LABEL_PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("thr = 0.5", new Shape(2, 5));
    }

    @Override
    public ClsHeadConfig parseConfig(ConfigView config) {
        return ClsHeadConfig.parseMultiLabel(config);
    }

    @Override
    public Head create(ClsHeadConfig config, BuildContext context) {
        return new MultiLabelClsHead(config.buildLoss(context), config.multiLabel());
    }
}

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

/** Factory of {@link LinearClsHead}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(HeadFactory.class)
public final class LinearClsHeadFactory implements HeadFactory<LinearClsHeadConfig> {
    /** The type name configs use. */
    public static final String NAME = "LinearClsHead";

    private static final List<ParamDoc> PARAMETERS = LinearClsHeadConfig.parameters(ClsHeadConfig.PARAMETERS);

    /** Creates the factory; it holds no state. */
    public LinearClsHeadFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Classification head with one fully connected layer fc (weight Normal(std 0.01), bias 0).";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("num_classes = 3, in_channels = 4", new Shape(2, 4));
    }

    @Override
    public LinearClsHeadConfig parseConfig(ConfigView config) {
        return LinearClsHeadConfig.parse(config, false);
    }

    @Override
    public Head create(LinearClsHeadConfig config, BuildContext context) {
        return new LinearClsHead(config, config.head().buildLoss(context));
    }
}

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

/** Factory of {@link ClsHead}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(HeadFactory.class)
public final class ClsHeadFactory implements HeadFactory<ClsHeadConfig> {
    /** The type name configs use. */
    public static final String NAME = "ClsHead";

    /** Creates the factory; it holds no state. */
    public ClsHeadFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Classification head whose last input feature already holds the class scores.";
    }

    @Override
    public List<ParamDoc> parameters() {
        return ClsHeadConfig.PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("", new Shape(2, 5));
    }

    @Override
    public ClsHeadConfig parseConfig(ConfigView config) {
        return ClsHeadConfig.parse(config);
    }

    @Override
    public Head create(ClsHeadConfig config, BuildContext context) {
        return new ClsHead(config.buildLoss(context), config.labeling());
    }
}

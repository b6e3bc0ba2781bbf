package org.pretrain4j.losses;

import ai.djl.ndarray.types.Shape;
import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.LossFactory;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.Loss;

/** Factory of {@link L1Loss}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(LossFactory.class)
public final class L1LossFactory implements LossFactory<L1LossConfig> {
    /** The type name configs use. */
    public static final String NAME = "L1Loss";

    private static final List<ParamDoc> PARAMETERS = List.of(CommonParams.REDUCTION_DOC, CommonParams.LOSS_WEIGHT_DOC);

    /** Creates the factory; it holds no state. */
    public L1LossFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Mean absolute error against dense targets, with mmpretrain's weight / reduction / avg_factor semantics.";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("", new Shape(2, 5));
    }

    @Override
    public L1LossConfig parseConfig(ConfigView config) {
        return new L1LossConfig(CommonParams.reduction(config), CommonParams.lossWeight(config));
    }

    @Override
    public Loss create(L1LossConfig config, BuildContext context) {
        return new L1Loss(config);
    }
}

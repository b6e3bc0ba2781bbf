package org.pretrain4j.losses;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.function.Function;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.LossFactory;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.Loss;

/**
 * What the factories of {@link L1Loss} and {@link MSELoss} share: the same two keys, example and parsing; each
 * subclass names its type, summary and loss class.
 */
abstract class RegressionLossFactory implements LossFactory<RegressionLossConfig> {
    private static final List<ParamDoc> PARAMETERS = List.of(CommonParams.REDUCTION_DOC, CommonParams.LOSS_WEIGHT_DOC);

    private final String typeName;
    private final String summary;
    private final Function<RegressionLossConfig, Loss> constructor;

    RegressionLossFactory(String typeName, String summary, Function<RegressionLossConfig, Loss> constructor) {
        this.typeName = requireNonNull(typeName, "typeName is null");
        this.summary = requireNonNull(summary, "summary is null");
        this.constructor = requireNonNull(constructor, "constructor is null");
    }

    @Override
    public String typeName() {
        return typeName;
    }

    @Override
    public String summary() {
        return summary;
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
    public RegressionLossConfig parseConfig(ConfigView config) {
        return new RegressionLossConfig(CommonParams.reduction(config), CommonParams.lossWeight(config));
    }

    @Override
    public Loss create(RegressionLossConfig config, BuildContext context) {
        return constructor.apply(config);
    }
}

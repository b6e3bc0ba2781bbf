package org.pretrain4j.core.optim;

import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.OptimizerFactory;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.train.Optimizer;

/** Factory of {@link Sgd}, registered as {@value #NAME} ({@code torch.optim.SGD}). */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(OptimizerFactory.class)
public final class SgdFactory implements OptimizerFactory<SgdConfig> {
    /** The type name configs use. */
    public static final String NAME = "SGD";

    private static final List<ParamDoc> PARAMETERS = List.of(
            OptimKeys.SGD_LR,
            OptimKeys.MOMENTUM,
            ParamDoc.optional("dampening", "float", "0", "Dampening of the momentum: buf = momentum * buf + (1 - dampening) * g."),
            ParamDoc.optional("weight_decay", "float", "0", "L2 penalty added to the gradient (g + weight_decay * w), scaled by paramwise decay_mult."),
            OptimKeys.NESTEROV);

    /** Creates the factory; it holds no state. */
    public SgdFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Stochastic gradient descent with PyTorch's torch.optim.SGD update (momentum, dampening, nesterov, weight decay).";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("lr = 0.1, momentum = 0.9, weight_decay = 0.0001");
    }

    @Override
    public SgdConfig parseConfig(ConfigView config) {
        return OptimKeys.sgd(config);
    }

    @Override
    public Optimizer create(SgdConfig config, BuildContext context) {
        return new Sgd(config);
    }
}

package org.pretrain4j.core.optim;

import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.OptimizerFactory;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.train.Optimizer;

/** Factory of {@link Lars}, registered as {@value #NAME} (mmpretrain's {@code engine/optimizers/lars.py}). */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(OptimizerFactory.class)
public final class LarsFactory implements OptimizerFactory<LarsConfig> {
    /** The type name configs use. */
    public static final String NAME = "LARS";

    private static final List<ParamDoc> PARAMETERS = List.of(
            OptimKeys.SGD_LR,
            OptimKeys.MOMENTUM,
            ParamDoc.optional("weight_decay", "float", "0", "L2 penalty added to the gradient, scaled by paramwise "
                    + "decay_mult; it also enters the trust ratio eta * |w| / (|g| + weight_decay * |w| + eps)."),
            ParamDoc.optional("dampening", "float", "0", "Dampening of the momentum: buf = momentum * buf + (1 - dampening) * d."),
            ParamDoc.optional("eta", "float", "0.001", "LARS coefficient of the trust ratio."),
            OptimKeys.NESTEROV,
            ParamDoc.optional("eps", "float", "1e-8", "Added to the trust ratio's denominator."));

    /** Creates the factory; it holds no state. */
    public LarsFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Layer-wise adaptive rate scaling: SGD whose per-parameter learning rate is scaled by the trust ratio "
                + "eta * |w| / (|g| + wd * |w| + eps), skipped for paramwise lars_exclude parameters.";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("lr = 4.8, momentum = 0.9, weight_decay = 1e-6, dampening = 0, eta = 0.001, "
                + "nesterov = false, eps = 1e-8");
    }

    @Override
    public LarsConfig parseConfig(ConfigView config) {
        SgdConfig sgd = OptimKeys.sgd(config);
        double eta = OptimKeys.nonNegative(config, "eta", config.getDouble("eta", 0.001));
        double eps = OptimKeys.nonNegative(config, "eps", config.getDouble("eps", 1e-8));
        return new LarsConfig(sgd.lr(), sgd.momentum(), sgd.weightDecay(), sgd.dampening(), eta, sgd.nesterov(), eps);
    }

    @Override
    public Optimizer create(LarsConfig config, BuildContext context) {
        return new Lars(config);
    }
}

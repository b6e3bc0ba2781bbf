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
            ParamDoc.required("lr", "float", "Base learning rate, scaled by the schedulers and by paramwise lr_mult."),
            ParamDoc.optional("momentum", "float", "0", "Momentum factor; 0 keeps no momentum buffer."),
            ParamDoc.optional("weight_decay", "float", "0", "L2 penalty added to the gradient, scaled by paramwise "
                    + "decay_mult; it also enters the trust ratio eta * |w| / (|g| + weight_decay * |w| + eps)."),
            ParamDoc.optional("dampening", "float", "0", "Dampening of the momentum: buf = momentum * buf + (1 - dampening) * d."),
            ParamDoc.optional("eta", "float", "0.001", "LARS coefficient of the trust ratio."),
            ParamDoc.optional("nesterov", "bool", "false", "Nesterov momentum; needs momentum > 0 and dampening = 0."),
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
        double lr = OptimKeys.nonNegative(config, "lr", config.getDouble("lr"));
        double momentum = OptimKeys.nonNegative(config, "momentum", config.getDouble("momentum", 0));
        double weightDecay = OptimKeys.nonNegative(config, "weight_decay", config.getDouble("weight_decay", 0));
        double dampening = config.getDouble("dampening", 0);
        double eta = OptimKeys.nonNegative(config, "eta", config.getDouble("eta", 0.001));
        boolean nesterov = OptimKeys.nesterov(config, momentum, dampening);
        double eps = OptimKeys.nonNegative(config, "eps", config.getDouble("eps", 1e-8));
        return new LarsConfig(lr, momentum, weightDecay, dampening, eta, nesterov, eps);
    }

    @Override
    public Optimizer create(LarsConfig config, BuildContext context) {
        return new Lars(config);
    }
}

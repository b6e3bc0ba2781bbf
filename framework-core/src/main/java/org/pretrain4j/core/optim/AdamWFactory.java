package org.pretrain4j.core.optim;

import com.google.auto.service.AutoService;
import java.util.ArrayList;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.OptimizerFactory;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.train.Optimizer;

/** Factory of {@link Adam} as {@code torch.optim.AdamW}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(OptimizerFactory.class)
public final class AdamWFactory implements OptimizerFactory<AdamConfig> {
    /** The type name configs use. */
    public static final String NAME = "AdamW";

    private static final List<ParamDoc> PARAMETERS;

    static {
        List<ParamDoc> docs = new ArrayList<>();
        docs.add(ParamDoc.optional("lr", "float", "0.001", "Base learning rate, scaled by the schedulers and by paramwise lr_mult."));
        docs.addAll(OptimKeys.ADAM_COMMON);
        docs.add(ParamDoc.optional("weight_decay", "float", "0.01", "Decoupled weight decay: w *= 1 - lr * weight_decay before the update, scaled by paramwise decay_mult."));
        PARAMETERS = List.copyOf(docs);
    }

    /** Creates the factory; it holds no state. */
    public AdamWFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "AdamW with PyTorch's torch.optim.AdamW update (decoupled weight decay, optional AMSGrad).";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("lr = 0.001, weight_decay = 0.05");
    }

    @Override
    public AdamConfig parseConfig(ConfigView config) {
        return OptimKeys.adam(config, AdamConfig.adamWDefaults().weightDecay(), true);
    }

    @Override
    public Optimizer create(AdamConfig config, BuildContext context) {
        return new Adam(config);
    }
}

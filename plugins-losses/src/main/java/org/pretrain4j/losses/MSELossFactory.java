package org.pretrain4j.losses;

import com.google.auto.service.AutoService;
import org.pretrain4j.api.LossFactory;

/** Factory of {@link MSELoss}, registered as {@value #NAME} (MMDetection's name; mmpretrain registers none). */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(LossFactory.class)
public final class MSELossFactory extends RegressionLossFactory {
    /** The type name configs use. */
    public static final String NAME = "MSELoss";

    /** Creates the factory; it holds no state. */
    public MSELossFactory() {
        super(NAME, "Mean squared error against dense targets, with mmpretrain's weight / reduction / avg_factor "
                + "semantics.", MSELoss::new);
    }
}

package org.pretrain4j.losses;

import com.google.auto.service.AutoService;
import org.pretrain4j.api.LossFactory;

/** Factory of {@link L1Loss}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(LossFactory.class)
public final class L1LossFactory extends RegressionLossFactory {
    /** The type name configs use. */
    public static final String NAME = "L1Loss";

    /** Creates the factory; it holds no state. */
    public L1LossFactory() {
        super(NAME, "Mean absolute error against dense targets, with mmpretrain's weight / reduction / avg_factor "
                + "semantics.", L1Loss::new);
    }
}

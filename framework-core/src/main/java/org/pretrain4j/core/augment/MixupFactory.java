package org.pretrain4j.core.augment;

import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.BatchAugmentFactory;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.data.BatchAugment;

/** Factory of {@link Mixup}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(BatchAugmentFactory.class)
public final class MixupFactory implements BatchAugmentFactory<MixupConfig> {
    /** The type name configs use. */
    public static final String NAME = "Mixup";

    /** Documentation of {@code alpha}, shared with CutMix. */
    static final ParamDoc ALPHA_DOC = ParamDoc.required("alpha", "number",
            "Positive shape of Beta(alpha, alpha), from which each batch's mixing ratio lam is drawn "
                    + "(mmpretrain's ImageNet recipes use 0.8 for Mixup and 1.0 for CutMix).");

    private static final List<ParamDoc> PARAMETERS = List.of(ALPHA_DOC);

    /** Creates the factory; it holds no state. */
    public MixupFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Blends each batch with a shuffled copy of itself, images and one-hot targets, by lam ~ Beta(alpha, alpha).";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("alpha = 0.8");
    }

    @Override
    public MixupConfig parseConfig(ConfigView config) {
        return new MixupConfig(alpha(config));
    }

    /** Reads and checks {@code alpha}, so that the error names the config path. */
    static double alpha(ConfigView config) {
        double alpha = config.getDouble("alpha");
        if (!(alpha > 0)) {
            throw config.error("alpha", "expected a positive number, got " + alpha);
        }
        return alpha;
    }

    @Override
    public BatchAugment create(MixupConfig config, BuildContext context) {
        return new Mixup(config);
    }
}

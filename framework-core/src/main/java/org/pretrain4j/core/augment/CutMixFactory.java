package org.pretrain4j.core.augment;

import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.BatchAugmentFactory;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.data.BatchAugment;

/** Factory of {@link CutMix}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(BatchAugmentFactory.class)
public final class CutMixFactory implements BatchAugmentFactory<CutMixConfig> {
    /** The type name configs use. */
    public static final String NAME = "CutMix";

    private static final List<ParamDoc> PARAMETERS = List.of(
            MixupFactory.ALPHA_DOC,
            ParamDoc.optional("cutmix_minmax", "list<number>", "null",
                    "[min, max] box side as a fraction of the image side, sampled uniformly; alpha then only "
                            + "draws an unused lam. null: the box side is sqrt(1 - lam) of the image side."),
            ParamDoc.optional("correct_lam", "boolean", "true",
                    "Recompute lam from the box area after clipping at the image border, so targets match pixels."));

    /** Creates the factory; it holds no state. */
    public CutMixFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Pastes a random box from a shuffled partner image into each image and mixes one-hot targets by area.";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("alpha = 1.0");
    }

    @Override
    public CutMixConfig parseConfig(ConfigView config) {
        double alpha = MixupFactory.alpha(config);
        List<Double> minmax = config.getDoubleList("cutmix_minmax", null);
        if (minmax != null) {
            String problem = CutMixConfig.checkMinmax(minmax);
            if (problem != null) {
                throw config.error("cutmix_minmax", problem);
            }
        }
        return new CutMixConfig(alpha, minmax, config.getBoolean("correct_lam", true));
    }

    @Override
    public BatchAugment create(CutMixConfig config, BuildContext context) {
        return new CutMix(config);
    }
}

package org.pretrain4j.selfsup.maskfeat;

import ai.djl.ndarray.types.Shape;
import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.TargetGeneratorFactory;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.TargetGenerator;

/** Factory of {@link HOGGenerator}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(TargetGeneratorFactory.class)
public final class HOGGeneratorFactory implements TargetGeneratorFactory<HOGGeneratorConfig> {
    /** The type name configs use. */
    public static final String NAME = "HOGGenerator";

    private static final List<ParamDoc> PARAMETERS = List.of(
            ParamDoc.optional("nbins", "int", "9", "Orientation bins over the full circle of gradient directions."),
            ParamDoc.optional("pool", "int", "8", "Side of the square cells, in pixels, whose histograms are summed."),
            ParamDoc.optional("gaussian_window", "int", "16", "Side of the Gaussian window (std = half of it) that "
                    + "weights gradient magnitudes, tiled over the image, whose side must be a multiple of it; 0 for "
                    + "none."));

    /** Creates the factory; it holds no state. */
    public HOGGeneratorFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "MaskFeat's HOG targets: Sobel gradients, orientation histograms per cell, L2-normalised and regrouped "
                + "into 14 x 14 patches, (N, 196, 3 * nbins * cells per patch).";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("nbins = 9, pool = 2, gaussian_window = 14", new Shape(2, 3, 28, 28));
    }

    @Override
    public HOGGeneratorConfig parseConfig(ConfigView config) {
        int nbins = config.getInt("nbins", 9);
        if (nbins < 1) {
            throw config.error("nbins", "expected an integer >= 1, got " + nbins);
        }
        int pool = config.getInt("pool", 8);
        if (pool < 1) {
            throw config.error("pool", "expected an integer >= 1, got " + pool);
        }
        int window = config.getInt("gaussian_window", 16);
        if (window < 0) {
            throw config.error("gaussian_window", "expected an integer >= 0 (0: no weighting), got " + window);
        }
        return new HOGGeneratorConfig(nbins, pool, window);
    }

    @Override
    public TargetGenerator create(HOGGeneratorConfig config, BuildContext context) {
        return new HOGGenerator(config);
    }
}

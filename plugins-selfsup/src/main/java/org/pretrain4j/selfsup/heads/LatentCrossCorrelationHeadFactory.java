package org.pretrain4j.selfsup.heads;

import ai.djl.ndarray.types.Shape;
import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.HeadFactory;
import org.pretrain4j.api.Kind;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.Head;
import org.pretrain4j.api.model.Loss;

/** Factory of {@link LatentCrossCorrelationHead}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(HeadFactory.class)
public final class LatentCrossCorrelationHeadFactory implements HeadFactory<LatentCrossCorrelationHeadConfig> {
    /** The type name configs use. */
    public static final String NAME = "LatentCrossCorrelationHead";

    private static final List<ParamDoc> PARAMETERS = List.of(
            ParamDoc.required("in_channels", "int", "Width C of the two embeddings; the matrix is (C, C)."),
            ParamDoc.required("loss", "loss config", "The loss of the cross-correlation matrix alone, e.g. "
                    + "{ type = CrossCorrelationLoss, lambd = 0.0051 }."));

    /** Creates the factory; it holds no state. */
    public LatentCrossCorrelationHeadFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Barlow Twins head: cross-correlation bn(a)^T bn(b) / N of two embeddings (BatchNorm1d without "
                + "affine) fed to its loss.";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("in_channels = 4, loss { type = CrossCorrelationLoss }", new Shape(3, 4), new Shape(3, 4));
    }

    @Override
    public LatentCrossCorrelationHeadConfig parseConfig(ConfigView config) {
        int in = config.checkRange("in_channels", config.getInt("in_channels"), 1, Integer.MAX_VALUE);
        return new LatentCrossCorrelationHeadConfig(in, config.getView("loss"));
    }

    @Override
    public Head create(LatentCrossCorrelationHeadConfig config, BuildContext context) {
        Loss loss = context.build(Kind.LOSS, config.loss());
        if (loss.needsTarget()) {
            throw config.loss().error("type", NAME + " passes its loss the cross-correlation matrix alone; this "
                    + "loss needs a target");
        }
        return new LatentCrossCorrelationHead(config.inChannels(), loss);
    }
}

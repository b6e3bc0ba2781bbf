package org.pretrain4j.heads.necks;

import ai.djl.ndarray.types.Shape;
import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.NeckFactory;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.Neck;
import org.pretrain4j.backbones.layers.Act;
import org.pretrain4j.backbones.layers.BatchNormCfg;

/** Factory of {@link LinearNeck}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(NeckFactory.class)
public final class LinearNeckFactory implements NeckFactory<LinearNeckConfig> {
    /** The type name configs use. */
    public static final String NAME = "LinearNeck";

    private static final List<ParamDoc> PARAMETERS = List.of(
            ParamDoc.required("in_channels", "int", "features per sample after pooling and flattening"),
            ParamDoc.required("out_channels", "int", "output features of fc"),
            ParamDoc.optional("gap_dim", "int", "0",
                    "trailing spatial axes averaged before fc: 0 (none, just flatten), 1, 2 or 3"),
            ParamDoc.optional("norm_cfg", "object or null", "{ type = BN1d }",
                    "batch norm after fc: type BN, BN1d or SyncBN with eps, momentum, requires_grad; null for none"),
            ParamDoc.optional("act_cfg", Act.docType(), "null", "activation at the end, e.g. { type = ReLU }"));

    /** Creates the factory; it holds no state. */
    public LinearNeckFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Optional global pooling, then Linear, batch norm and activation: one (N, out_channels) output.";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("in_channels = 4, out_channels = 3, gap_dim = 2, act_cfg { type = ReLU }",
                new Shape(2, 4, 3, 3));
    }

    @Override
    public LinearNeckConfig parseConfig(ConfigView config) {
        int in = config.checkRange("in_channels", config.getInt("in_channels"), 1, Integer.MAX_VALUE);
        int out = config.checkRange("out_channels", config.getInt("out_channels"), 1, Integer.MAX_VALUE);
        int gapDim = config.checkOneOf("gap_dim", config.getInt("gap_dim", 0), 0, 1, 2, 3);
        BatchNormCfg norm = BatchNormCfg.read(config, "norm_cfg", BatchNormCfg.of("BN1d")).orElse(null);
        Act act = Act.read(config, "act_cfg", Act.NONE);
        return new LinearNeckConfig(in, out, gapDim, norm, act);
    }

    @Override
    public Neck create(LinearNeckConfig config, BuildContext context) {
        return new LinearNeck(config);
    }
}

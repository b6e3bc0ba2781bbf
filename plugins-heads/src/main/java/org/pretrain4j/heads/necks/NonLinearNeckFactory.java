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
import org.pretrain4j.backbones.layers.BatchNormCfg;

/** Factory of {@link NonLinearNeck}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(NeckFactory.class)
public final class NonLinearNeckFactory implements NeckFactory<NonLinearNeckConfig> {
    /** The type name configs use. */
    public static final String NAME = "NonLinearNeck";

    private static final List<ParamDoc> PARAMETERS = List.of(
            ParamDoc.required("in_channels", "int", "features per sample after pooling and flattening"),
            ParamDoc.required("hid_channels", "int", "width of the hidden layers"),
            ParamDoc.required("out_channels", "int", "width of the last layer"),
            ParamDoc.optional("num_layers", "int", "2", "number of Linear layers (fc0 .. fc{num_layers-1}), at least 1"),
            ParamDoc.optional("with_bias", "boolean", "false", "hidden Linear layers have a bias"),
            ParamDoc.optional("with_last_bn", "boolean", "true", "the last Linear layer is followed by a batch norm"),
            ParamDoc.optional("with_last_bn_affine", "boolean", "true",
                    "that last batch norm learns a scale and shift (false for SimSiam)"),
            ParamDoc.optional("with_last_bias", "boolean", "false", "the last Linear layer has a bias"),
            ParamDoc.optional("with_avg_pool", "boolean", "true",
                    "average the spatial axes of an (N, C, H, W) input first"),
            ParamDoc.optional("norm_cfg", "object", "{ type = SyncBN }",
                    "the batch norms: type BN, BN1d or SyncBN (one device: a plain batch norm) with eps, momentum, "
                            + "requires_grad"));

    /** Creates the factory; it holds no state. */
    public NonLinearNeckFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "MLP projector fc0-bn0-[relu-fc-bn]* of SimCLR, BYOL and SimSiam, after optional global pooling.";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("in_channels = 4, hid_channels = 6, out_channels = 3, norm_cfg { type = BN1d }",
                new Shape(2, 4, 3, 3));
    }

    @Override
    public NonLinearNeckConfig parseConfig(ConfigView config) {
        int in = positive(config, "in_channels");
        int hid = positive(config, "hid_channels");
        int out = positive(config, "out_channels");
        int numLayers = config.checkRange("num_layers", config.getInt("num_layers", 2), 1, Integer.MAX_VALUE);
        boolean withBias = config.getBoolean("with_bias", false);
        boolean withLastBn = config.getBoolean("with_last_bn", true);
        boolean withLastBnAffine = config.getBoolean("with_last_bn_affine", true);
        boolean withLastBias = config.getBoolean("with_last_bias", false);
        boolean withAvgPool = config.getBoolean("with_avg_pool", true);
        BatchNormCfg norm = BatchNormCfg.read(config, "norm_cfg", BatchNormCfg.of("SyncBN")).orElseThrow(
                () -> config.error("norm_cfg", "expected a batch norm config; NonLinearNeck always normalises"));
        return new NonLinearNeckConfig(in, hid, out, numLayers, withBias, withLastBn, withLastBnAffine, withLastBias,
                withAvgPool, norm);
    }

    @Override
    public Neck create(NonLinearNeckConfig config, BuildContext context) {
        return new NonLinearNeck(config);
    }

    private static int positive(ConfigView config, String key) {
        return config.checkRange(key, config.getInt(key), 1, Integer.MAX_VALUE);
    }
}

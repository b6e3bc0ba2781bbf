package org.pretrain4j.data.transforms;

import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.TransformFactory;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.data.Transform;

/** Factory of {@link LoadImageFromFile}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(TransformFactory.class)
public final class LoadImageFromFileFactory implements TransformFactory<LoadImageFromFileConfig> {
    /** The type name configs use. */
    public static final String NAME = "LoadImageFromFile";

    private static final List<ParamDoc> PARAMETERS = List.of(
            ParamDoc.optional("to_float32", "boolean", "false", "Accepted for config portability and ignored: "
                    + "images stay 8-bit until the data preprocessor converts the batch."),
            ParamDoc.optional("color_type", "string", "\"color\"", "color (3 channels, BGR as mmcv) or grayscale."));

    /** Creates the factory; it holds no state. */
    public LoadImageFromFileFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Decodes the sample's image file (JPEG, PNG, BMP) into 8-bit BGR or grey, as mmcv does.";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("");
    }

    @Override
    public LoadImageFromFileConfig parseConfig(ConfigView config) {
        return new LoadImageFromFileConfig(config.getBoolean("to_float32", false),
                config.getEnum("color_type", "color", "color", "grayscale").equals("grayscale"));
    }

    @Override
    public Transform create(LoadImageFromFileConfig config, BuildContext context) {
        return new LoadImageFromFile(config);
    }
}

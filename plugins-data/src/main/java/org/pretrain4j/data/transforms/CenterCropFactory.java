package org.pretrain4j.data.transforms;

import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.TransformFactory;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.data.Transform;

/** Factory of {@link CenterCrop}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(TransformFactory.class)
public final class CenterCropFactory implements TransformFactory<CenterCropConfig> {
    /** The type name configs use. */
    public static final String NAME = "CenterCrop";

    private static final List<ParamDoc> PARAMETERS = List.of(ParamDoc.required("crop_size", "int | [w, h]",
            "Crop size; one integer means a square. A pair is (width, height), as in mmcv (RandomCrop's is (h, w))."));

    /** Creates the factory; it holds no state. */
    public CenterCropFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Crops the centre of the image (mmcv CenterCrop).";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("crop_size = 24");
    }

    @Override
    public CenterCropConfig parseConfig(ConfigView config) {
        int[] size = Params.pair(config, "crop_size");
        return new CenterCropConfig(size[0], size[1]);
    }

    @Override
    public Transform create(CenterCropConfig config, BuildContext context) {
        return new CenterCrop(config);
    }
}

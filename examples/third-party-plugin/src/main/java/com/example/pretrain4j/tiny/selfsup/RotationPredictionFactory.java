package com.example.pretrain4j.tiny.selfsup;

import ai.djl.ndarray.types.Shape;
import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.Kind;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.SelfSupervisorFactory;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.SelfSupervisor;

// tag::selfsup-factory[]
/** Factory of {@link RotationPrediction}, registered as {@value #NAME}; configs name it under {@code model}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(SelfSupervisorFactory.class)
public final class RotationPredictionFactory implements SelfSupervisorFactory<RotationPredictionFactory.Config> {
    /** The type name configs use. */
    public static final String NAME = "TinyRotationPrediction";

    /**
     * The nested components' configs, each built through the context.
     *
     * @param backbone the backbone's config
     * @param neck the neck's config, or null
     * @param head the head's config
     */
    public record Config(ConfigView backbone, ConfigView neck, ConfigView head) {}

    /** Creates the factory; it holds no state. */
    public RotationPredictionFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Self-supervised rotation prediction: classify each image's rotation by 0, 90, 180 or 270 degrees.";
    }

    @Override
    public List<ParamDoc> parameters() {
        return List.of(
                ParamDoc.required("backbone", "backbone config", "the feature extractor being pre-trained"),
                ParamDoc.optional("neck", "neck config", "null", "pools stage outputs into feature vectors"),
                ParamDoc.required("head", "head config", "a classification head with num_classes = 4"),
                ParamDoc.optional("data_preprocessor", "object", "null",
                        "mean and std, read by the runner as for classifiers"));
    }

    @Override
    public Example example() {
        return Example.of("backbone { type = TinyConvNet, channels = [4, 8] }, neck { type = TinyGlobalMaxPooling }, "
                + "head { type = TinyCosineClsHead, num_classes = 4, in_channels = 8 }", new Shape(2, 1, 8, 8));
    }

    @Override
    public Config parseConfig(ConfigView config) {
        // The runner reads the preprocessor itself; it is documented here, where mmpretrain puts it.
        config.getOptionalView("data_preprocessor");
        return new Config(config.getView("backbone"), config.getOptionalView("neck").orElse(null),
                config.getView("head"));
    }

    @Override
    public SelfSupervisor create(Config config, BuildContext context) {
        return new RotationPrediction(context.build(Kind.BACKBONE, config.backbone()),
                config.neck() == null ? null : context.build(Kind.NECK, config.neck()),
                context.build(Kind.HEAD, config.head()));
    }
}
// end::selfsup-factory[]

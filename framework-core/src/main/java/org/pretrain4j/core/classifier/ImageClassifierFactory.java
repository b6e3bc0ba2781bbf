package org.pretrain4j.core.classifier;

import ai.djl.ndarray.types.Shape;
import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.Kind;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.TaskModelFactory;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.TaskModel;

/** Registers {@link ImageClassifier} under mmpretrain's name {@code ImageClassifier}. */
@AutoService(TaskModelFactory.class)
public final class ImageClassifierFactory implements TaskModelFactory<ImageClassifierFactory.Spec> {
    /** The type name. */
    public static final String NAME = "ImageClassifier";

    /**
     * The typed config: nested component configs, built through the context.
     *
     * @param backbone the backbone's config
     * @param neck the neck's config, or null
     * @param head the head's config, or null
     */
    public record Spec(ConfigView backbone, ConfigView neck, ConfigView head) {}

    /** Creates the factory. */
    public ImageClassifierFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Image classifier: backbone, then optional neck, then optional head with its loss.";
    }

    @Override
    public List<ParamDoc> parameters() {
        return List.of(
                ParamDoc.required("backbone", "backbone config", "The feature extractor, e.g. { type = ResNet, depth = 50 }."),
                ParamDoc.optional("neck", "neck config", "null", "Turns backbone features into head inputs, e.g. { type = GlobalAveragePooling }."),
                ParamDoc.optional("head", "head config", "null", "Classification head with its loss; without it the model only extracts features."),
                ParamDoc.optional("data_preprocessor", "object", "null", "ClsDataPreprocessor options (mean, std, to_rgb, num_classes), read by the runner; overrides a top-level data_preprocessor."),
                ParamDoc.optional("train_cfg", "object", "null", "Training options read by the runner: augments (a batch augment or a list, e.g. Mixup, CutMix) and their probs."));
    }

    @Override
    public Example example() {
        return Example.of("backbone { type = ResNet_CIFAR, depth = 18, base_channels = 4 }, "
                + "neck { type = GlobalAveragePooling }, "
                + "head { type = LinearClsHead, num_classes = 3, in_channels = 32 }", new Shape(2, 3, 16, 16));
    }

    @Override
    public Spec parseConfig(ConfigView config) {
        // The runner reads these two from the config itself; they are documented here, where mmpretrain puts them.
        config.getOptionalView("data_preprocessor");
        config.getOptionalView("train_cfg");
        return new Spec(config.getView("backbone"), config.getOptionalView("neck").orElse(null),
                config.getOptionalView("head").orElse(null));
    }

    @Override
    public TaskModel create(Spec config, BuildContext context) {
        return new ImageClassifier(
                context.build(Kind.BACKBONE, config.backbone()),
                config.neck() == null ? null : context.build(Kind.NECK, config.neck()),
                config.head() == null ? null : context.build(Kind.HEAD, config.head()));
    }
}

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
import org.pretrain4j.api.model.Neck;
import org.pretrain4j.api.model.TaskModel;
import org.pretrain4j.core.build.ComponentChain;

/** Registers {@link ImageClassifier} under mmpretrain's name {@code ImageClassifier}. */
@AutoService(TaskModelFactory.class)
public final class ImageClassifierFactory implements TaskModelFactory<ImageClassifierFactory.Spec> {
    /** The type name. */
    public static final String NAME = "ImageClassifier";

    /**
     * The typed config: nested component configs, built through the context.
     *
     * @param backbone the backbone's config
     * @param necks the neck's config, the list's configs when {@code neck} is a list, or empty without a neck
     * @param neckIsList whether {@code neck} was a list (a chain whose children are {@code neck.0}, {@code neck.1},
     *     ...) rather than one neck
     * @param head the head's config, or null
     */
    public record Spec(ConfigView backbone, List<ConfigView> necks, boolean neckIsList, ConfigView head) {
        /**
         * Copies the list.
         *
         * @param backbone the backbone's config
         * @param necks the neck configs
         * @param neckIsList whether the neck was a list
         * @param head the head's config, or null
         */
        public Spec {
            necks = List.copyOf(necks);
        }
    }

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
                ParamDoc.optional("neck", "neck config | list", "null", "Turns backbone features into head inputs, e.g. "
                        + "{ type = GlobalAveragePooling }; a list runs in order (keys neck.0..., neck.1...), e.g. "
                        + "[{ type = GlobalAveragePooling }, { type = ClsBatchNormNeck, input_features = 512 }]."),
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
        return new Spec(config.getView("backbone"),
                config.has("neck") ? ComponentChain.configs(config, "neck") : List.of(),
                ComponentChain.isList(config, "neck"),
                config.getOptionalView("head").orElse(null));
    }

    @Override
    public TaskModel create(Spec config, BuildContext context) {
        return new ImageClassifier(
                context.build(Kind.BACKBONE, config.backbone()),
                neck(config, context),
                config.head() == null ? null : context.build(Kind.HEAD, config.head()));
    }

    /** No neck, one neck, or a chain of them when the config gave a list. */
    private static Neck neck(Spec config, BuildContext context) {
        List<Neck> necks = config.necks().stream().map(view -> context.build(Kind.NECK, view)).toList();
        if (necks.isEmpty()) {
            return null;
        }
        return config.neckIsList() ? new NeckChain(necks) : necks.get(0);
    }
}

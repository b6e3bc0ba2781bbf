package org.pretrain4j.core.retriever;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import com.google.auto.service.AutoService;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.ComponentFactory;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.Kind;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.TaskModelFactory;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.TaskModel;
import org.pretrain4j.core.build.ComponentChain;

/** Registers {@link ImageToImageRetriever} under mmpretrain's name {@value #NAME}. */
@AutoService(TaskModelFactory.class)
public final class ImageToImageRetrieverFactory implements TaskModelFactory<ImageToImageRetrieverFactory.Spec> {
    /** The type name. */
    public static final String NAME = "ImageToImageRetriever";

    /**
     * What an {@code image_encoder} entry may name: mmpretrain builds it from its single model namespace, here any
     * backbone or neck.
     */
    static final Kind<Block> ENCODER_COMPONENT = new Kind<>("backbone or neck", Block.class, ComponentFactory.class,
            List.of(Kind.BACKBONE, Kind.NECK));

    private static final String PROTOTYPE = "prototype";

    /**
     * The typed config.
     *
     * @param imageEncoder the encoder's component configs, in order
     * @param encoderIsList whether {@code image_encoder} was a list (children {@code 0, 1, ...}) rather than one
     *     component (which then sits directly under {@code image_encoder})
     * @param head the head's config, or null
     * @param prototype where the gallery comes from
     * @param similarity how queries are scored
     * @param topk gallery rows per query in predictions, -1 for all
     */
    public record Spec(List<ConfigView> imageEncoder, boolean encoderIsList, ConfigView head, Prototype prototype,
            Similarity similarity, int topk) {
        /**
         * Copies the list.
         *
         * @param imageEncoder the component configs
         * @param encoderIsList whether it was a list
         * @param head the head config, or null
         * @param prototype the gallery source
         * @param similarity the similarity
         * @param topk the rows per query
         */
        public Spec {
            imageEncoder = List.copyOf(imageEncoder);
        }
    }

    /** Creates the factory. */
    public ImageToImageRetrieverFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Image-to-image retriever: an image encoder whose vectors are matched against a gallery (prototype), "
                + "with an optional head for training.";
    }

    @Override
    public List<ParamDoc> parameters() {
        return List.of(
                ParamDoc.required("image_encoder", "component config | list",
                        "Images to vectors; a list runs in sequence, e.g. [{ type = ResNet, depth = 50 }, "
                                + "{ type = GlobalAveragePooling }] (keys image_encoder.0..., image_encoder.1...)."),
                ParamDoc.required(PROTOTYPE, "dataloader config | string | list<list<number>>",
                        "The gallery: a dataloader section (encoded with the current weights, e.g. the training "
                                + "split with the test pipeline), a feature file from pretrain4j extract, or vectors."),
                ParamDoc.optional("head", "head config", "null",
                        "Training head with its loss, e.g. { type = ArcFaceClsHead, ... }; needed only to train."),
                ParamDoc.optional("similarity_fn", "string", Similarity.COSINE.configName(),
                        "How queries are scored against gallery items: " + String.join(" or ",
                                Similarity.configNames()) + "."),
                ParamDoc.optional("topk", "int", "-1", "Gallery rows returned per query by predict; -1 returns all."),
                ParamDoc.optional("data_preprocessor", "object", "null", "ClsDataPreprocessor options (mean, std, "
                        + "to_rgb, num_classes), read by the runner; overrides a top-level data_preprocessor."),
                ParamDoc.optional("train_cfg", "object", "null",
                        "Training options read by the runner: augments and their probs, as for ImageClassifier."));
    }

    @Override
    public Example example() {
        // Three 32-d gallery vectors: the encoder's output size, and the head's class count so that the conformance
        // test's class targets (drawn from the prediction width, the gallery size) are valid classes.
        String vectors = IntStream.range(0, 3).mapToObj(r -> IntStream.range(0, 32)
                .mapToObj(i -> Integer.toString((i + r) % 5 - 2)).collect(Collectors.joining(", ", "[", "]")))
                .collect(Collectors.joining(", ", "[", "]"));
        return Example.of("image_encoder = [{ type = ResNet_CIFAR, depth = 18, base_channels = 4 }, "
                + "{ type = GlobalAveragePooling }], "
                + "head { type = LinearClsHead, num_classes = 3, in_channels = 32 }, "
                + "prototype = " + vectors, new Shape(2, 3, 16, 16));
    }

    @Override
    public Spec parseConfig(ConfigView config) {
        // The runner reads these two from the config itself; they are documented here, where mmpretrain puts them.
        config.getOptionalView("data_preprocessor");
        config.getOptionalView("train_cfg");
        List<ConfigView> components = ComponentChain.configs(config, "image_encoder");
        Similarity similarity = Similarity.of(config.getEnum("similarity_fn", Similarity.COSINE.configName(),
                Similarity.configNames().toArray(new String[0])));
        int topk = config.getInt("topk", -1);
        if (topk != -1 && topk < 1) {
            throw config.error("topk", "expected -1 (all) or a positive integer, got " + topk);
        }
        return new Spec(components, ComponentChain.isList(config, "image_encoder"),
                config.getOptionalView("head").orElse(null), prototype(config), similarity, topk);
    }

    private static Prototype prototype(ConfigView config) {
        config.markRead(PROTOTYPE);
        ConfigValue value = config.unwrap().get(PROTOTYPE);
        if (value == null || value.valueType() == ConfigValueType.NULL) {
            throw config.error(PROTOTYPE, "missing required key 'prototype': a dataloader config for the gallery, "
                    + "a feature file from pretrain4j extract, or a list of vectors");
        }
        switch (value.valueType()) {
            case STRING:
                return new Prototype.File(Path.of((String) value.unwrapped()));
            case OBJECT:
                ConfigView loader = config.getView(PROTOTYPE);
                if (!loader.has("dataset")) {
                    throw config.error(PROTOTYPE, "a prototype object is a dataloader config and needs a 'dataset', "
                            + "e.g. { batch_size = 256, dataset { type = FashionMNIST, split = train, ... } }");
                }
                return new Prototype.Loader(loader);
            case LIST:
                return new Prototype.Inline(vectors(config, (ConfigList) value));
            default:
                throw config.error(PROTOTYPE, "expected a dataloader config, a file path or a list of vectors, got "
                        + value.valueType().name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** Reads an inline tensor: a non-empty list of equally long, non-empty lists of numbers. */
    private static Features vectors(ConfigView config, ConfigList rows) {
        int dim = -1;
        float[] values = null;
        for (int r = 0; r < rows.size(); r++) {
            ConfigValue row = rows.get(r);
            if (row.valueType() != ConfigValueType.LIST || ((ConfigList) row).isEmpty()
                    || dim >= 0 && ((ConfigList) row).size() != dim) {
                throw config.error(PROTOTYPE, "expected a list of vectors of one length, but row " + r + " is "
                        + row.render(com.typesafe.config.ConfigRenderOptions.concise()));
            }
            ConfigList numbers = (ConfigList) row;
            if (dim < 0) {
                dim = numbers.size();
                values = new float[rows.size() * dim];
            }
            for (int c = 0; c < dim; c++) {
                ConfigValue v = numbers.get(c);
                if (v.valueType() != ConfigValueType.NUMBER) {
                    throw config.error(PROTOTYPE, "row " + r + " holds a non-number: "
                            + v.render(com.typesafe.config.ConfigRenderOptions.concise()));
                }
                values[r * dim + c] = ((Number) v.unwrapped()).floatValue();
            }
        }
        if (values == null) {
            throw config.error(PROTOTYPE, "the list of vectors is empty");
        }
        return Features.unlabelled(rows.size(), dim, values);
    }

    @Override
    public TaskModel create(Spec config, BuildContext context) {
        List<Block> components = config.imageEncoder().stream()
                .map(view -> context.build(ENCODER_COMPONENT, view)).toList();
        Block encoder = config.encoderIsList() ? new ComponentChain(components) : components.get(0);
        return new ImageToImageRetriever(encoder,
                config.head() == null ? null : context.build(Kind.HEAD, config.head()),
                config.similarity(), config.topk(), config.prototype());
    }
}

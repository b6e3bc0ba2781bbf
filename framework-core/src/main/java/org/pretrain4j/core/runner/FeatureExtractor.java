package org.pretrain4j.core.runner;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.data.Sample;
import org.pretrain4j.api.model.PreLogitsHead;
import org.pretrain4j.api.model.SelfSupervisor;
import org.pretrain4j.api.model.TaskModel;
import org.pretrain4j.core.classifier.ImageClassifier;
import org.pretrain4j.core.config.ConfigLoader;
import org.pretrain4j.core.config.LoadedConfig;
import org.pretrain4j.core.data.DataLoader;
import org.pretrain4j.core.registry.ComponentRegistry;
import org.pretrain4j.core.retriever.Features;
import org.pretrain4j.core.build.ComponentChain;
import org.pretrain4j.core.retriever.ImageToImageRetriever;

/**
 * Extracts features with a trained model, like mmpretrain's {@code FeatureExtractor}: from image files, or from
 * every image of one of the config's dataloader sections, e.g. to build a retrieval gallery.
 *
 * <pre>{@code
 * try (var extractor = FeatureExtractor.load(Path.of("configs/fashion_mnist/resnet18-w16_fast_fashion-mnist.conf"),
 *         Path.of("work_dirs/fast/best.safetensors"))) {
 *     extractor.extract("train", FeatureExtractor.Stage.NECK).write(Path.of("gallery.safetensors"), Map.of());
 * }
 * }</pre>
 *
 * Features are the last output of the stage, flattened per image; images go through the test pipeline.
 */
public final class FeatureExtractor implements AutoCloseable {
    /** Images per forward pass when extracting from files. */
    private static final int FILE_BATCH = 64;

    private final LoadedModel model;
    private final LoadedConfig config;

    /** Where features are taken from, mmpretrain's {@code stage} of {@code extract_feat}. */
    public enum Stage {
        /**
         * The backbone's last output stage; for a retriever, the output of its encoder's first component (its
         * backbone).
         */
        BACKBONE,
        /** After the neck: what a classifier's head receives; for a retriever, the encoder's output. */
        NECK,
        /**
         * The head's input to its final classifier: the neck's output unless the head has layers before its
         * classifier ({@link PreLogitsHead}); for a retriever, the encoder's output.
         */
        PRE_LOGITS;

        /**
         * The spelling configs and the command line use.
         *
         * @return {@code backbone}, {@code neck} or {@code pre_logits}
         */
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * Finds a stage by name.
         *
         * @param name {@code backbone}, {@code neck} or {@code pre_logits}
         * @return the stage
         * @throws IllegalArgumentException for another name
         */
        public static Stage of(String name) {
            return Arrays.stream(values()).filter(s -> s.configName().equals(name)).findFirst().orElseThrow(
                    () -> new IllegalArgumentException("unknown stage '" + name + "': expected backbone, neck or "
                            + "pre_logits"));
        }
    }

    /**
     * Builds the config's model and loads the checkpoint's weights.
     *
     * @param config the loaded config
     * @param registry where type names are looked up
     * @param checkpoint the weights; for a retriever config also an image classifier's checkpoint
     */
    public FeatureExtractor(LoadedConfig config, ComponentRegistry registry, Path checkpoint) {
        this.config = requireNonNull(config, "config is null");
        this.model = new LoadedModel(config, registry, checkpoint);
    }

    /**
     * Loads a model from its config and a checkpoint, finding components on the classpath.
     *
     * @param config the config file
     * @param checkpoint the weights
     * @return the extractor
     */
    public static FeatureExtractor load(Path config, Path checkpoint) {
        return new FeatureExtractor(new ConfigLoader().load(config, List.of()), ComponentRegistry.ofClasspath(),
                checkpoint);
    }

    /**
     * Extracts the features of every image of a dataloader section, in dataset order, with a progress bar. The
     * section's dataset is read unshuffled, completely, and (for {@code train}) through the test pipeline, so that
     * the features do not depend on random augmentation.
     *
     * @param split {@code train}, {@code val} or {@code test}: which {@code *_dataloader} section
     * @param stage where to take the features
     * @return the features with the dataset's labels, indices, classes and (for file datasets) paths
     */
    public Features extract(String split, Stage stage) {
        return encode(config.view(), split, embedder(stage));
    }

    /**
     * Extracts one vector per image of another config's dataloader section, as {@link #extract(String, Stage)} does
     * for the model's own config: how a self-supervised backbone, whose config has no labelled data, is evaluated on
     * a classification config's images. Stage outputs of four dimensions (a backbone's {@code (N, C, H, W)} feature
     * maps) are averaged over their spatial positions, mmpretrain's {@code GlobalAveragePooling}; other outputs are
     * flattened per image.
     *
     * @param data the config whose {@code *_dataloader} section is read; the model's config itself for its own data
     * @param split {@code train}, {@code val} or {@code test}
     * @param stage where to take the features
     * @return the vectors with the dataset's labels, indices, classes and (for file datasets) paths
     */
    public Features extractPooled(LoadedConfig data, String split, Stage stage) {
        UnaryOperator<NDArray> embed = embedder(stage);
        return encode(data.view(), split, images -> {
            NDArray out = embed.apply(images);
            // Through (N, C, H * W): DJL's PyTorch mean reduces one axis at a time.
            return out.getShape().dimension() == 4
                    ? out.reshape(out.getShape().get(0), out.getShape().get(1), -1).mean(new int[] {2}) : out;
        });
    }

    private Features encode(ConfigView root, String split, UnaryOperator<NDArray> embed) {
        Session session = model.session();
        ConfigView section = evaluationSection(root, split);
        try (DataLoader loader = DataLoaders.build(section, session.builder(), session.seed(), false)) {
            return Encoding.encode(loader, session.imagePreprocessor(), session.manager(), embed, "extract " + split);
        }
    }

    /**
     * Extracts the features of image files, through the test pipeline.
     *
     * @param images JPEG, PNG or BMP files
     * @param stage where to take the features
     * @return one row per file, unlabelled, with the files as paths
     */
    public Features extract(List<Path> images, Stage stage) {
        Session session = model.session();
        UnaryOperator<NDArray> embed = embedder(stage);
        List<String> paths = images.stream().map(Path::toString).toList();
        int[] labels = new int[images.size()];
        Arrays.fill(labels, -1);
        int[] ids = new int[images.size()];
        Arrays.setAll(ids, i -> i);
        float[] values = null;
        int dim = 0;
        for (int start = 0; start < images.size(); start += FILE_BATCH) {
            List<Sample> samples = new ArrayList<>();
            for (int i = start; i < Math.min(images.size(), start + FILE_BATCH); i++) {
                samples.add(model.sample(images.get(i), i));
            }
            try (NDManager step = session.manager().newSubManager()) {
                NDArray rows = embed.apply(model.inputs(samples, step)).reshape(samples.size(), -1);
                if (values == null) {
                    dim = Math.toIntExact(rows.getShape().get(1));
                    values = new float[images.size() * dim];
                }
                System.arraycopy(rows.toFloatArray(), 0, values, start * dim, samples.size() * dim);
            }
        }
        if (values == null) {
            throw new IllegalArgumentException("no images given");
        }
        return new Features(images.size(), dim, values, labels, ids, session.classes(), paths);
    }

    /**
     * The metadata {@code extract} stores with features, so that queries can later be encoded the same way.
     *
     * @param stage the stage the features came from
     * @param checkpoint the weights used
     * @return {@code stage}, {@code checkpoint} and the resolved {@code config}
     */
    public Map<String, String> metadata(Stage stage, Path checkpoint) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("stage", stage.configName());
        meta.put("checkpoint", checkpoint.toString());
        meta.put("config", config.render());
        return meta;
    }

    /** The model, for inferencers built on an extractor. */
    TaskModel model() {
        return model.session().model();
    }

    /** The session, for inferencers built on an extractor. */
    Session session() {
        return model.session();
    }

    /** Images to the stage's features, in inference mode. */
    UnaryOperator<NDArray> embedder(Stage stage) {
        TaskModel m = model();
        ParameterStore ps = new ParameterStore(model.session().manager(), false);
        if (m instanceof ImageToImageRetriever retriever) {
            Block encoder = retriever.imageEncoder();
            if (stage == Stage.BACKBONE && encoder instanceof ComponentChain chain) {
                return images -> last(chain.components().get(0).forward(ps, new NDList(images), false));
            }
            return images -> last(encoder.forward(ps, new NDList(images), false));
        }
        if (m instanceof ImageClassifier classifier) {
            if (stage == Stage.BACKBONE) {
                return images -> last(classifier.backbone().forward(ps, new NDList(images), false));
            }
            PreLogitsHead preLogits = stage == Stage.PRE_LOGITS ? classifier.head()
                    .filter(PreLogitsHead.class::isInstance).map(PreLogitsHead.class::cast).orElse(null) : null;
            return images -> {
                NDList feats = classifier.extractFeat(ps, new NDList(images), false);
                return preLogits == null ? last(feats) : preLogits.preLogits(ps, feats, false);
            };
        }
        if (m instanceof SelfSupervisor selfSup) {
            if (stage != Stage.BACKBONE) {
                throw new Pretrain4jException("stage '" + stage.configName() + "': the neck and head of a "
                        + "self-supervised " + m.getClass().getSimpleName() + " serve its pre-training loss (a "
                        + "projection or predictor), and evaluations use the backbone; take the backbone stage");
            }
            return images -> last(selfSup.extractFeat(ps, new NDList(images)));
        }
        throw new Pretrain4jException("features are extracted from ImageClassifier, ImageToImageRetriever and "
                + "self-supervised models; this config's model is a " + m.getClass().getSimpleName());
    }

    private static NDArray last(NDList outputs) {
        return outputs.get(outputs.size() - 1);
    }

    /**
     * A dataloader section read for extraction: unshuffled, without dropping a last partial batch, and for the
     * training split with the test pipeline, so that every image is encoded once and deterministically.
     */
    static ConfigView evaluationSection(ConfigView root, String split) {
        if (!List.of("train", "val", "test").contains(split)) {
            throw new IllegalArgumentException("unknown split '" + split + "': expected train, val or test");
        }
        String key = split + "_dataloader";
        ConfigView section = root.getOptionalView(key)
                .orElseThrow(() -> root.error(key, "the config has no " + key + " to extract features from"));
        Config c = section.unwrap().toConfig()
                .withValue("sampler.shuffle", ConfigValueFactory.fromAnyRef(false))
                .withValue("drop_last", ConfigValueFactory.fromAnyRef(false));
        if (split.equals("train")) {
            ConfigView test = root.getOptionalView("test_dataloader").or(() -> root.getOptionalView("val_dataloader"))
                    .orElseThrow(() -> root.error("test_dataloader", "extracting the train split uses the test "
                            + "pipeline, but the config has neither test_dataloader nor val_dataloader"));
            c = c.withValue("dataset.pipeline", test.getView("dataset").unwrap().get("pipeline"));
        }
        return ConfigView.of(c.root(), section.path());
    }

    @Override
    public void close() {
        model.close();
    }
}

package org.pretrain4j.core.runner;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pretrain4j.api.Kind;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.data.Sample;
import org.pretrain4j.api.model.SelfSupervisor;
import org.pretrain4j.api.model.TaskModel;
import org.pretrain4j.core.build.ComponentBuilder;
import org.pretrain4j.core.checkpoint.Checkpoints;
import org.pretrain4j.core.config.LoadedConfig;
import org.pretrain4j.core.data.ClsDataPreprocessor;
import org.pretrain4j.core.data.DataLoader;
import org.pretrain4j.core.data.SelfSupDataPreprocessor;
import org.pretrain4j.core.registry.ComponentRegistry;
import org.pretrain4j.core.registry.Provenance;
import org.pretrain4j.core.retriever.ImageToImageRetriever;
import org.pretrain4j.core.retriever.Prototype;
import org.pretrain4j.core.retriever.RetrieverWeights;
import org.pretrain4j.core.weights.Pretrained;

/**
 * What training, testing and inference share: the config, the seeded engine, the model with its manager, the data
 * preprocessor and the class names, plus the metadata that travels into checkpoints.
 *
 * <p>The data preprocessor is chosen as mmpretrain chooses it: {@code data_preprocessor.type} when given, otherwise
 * by the model's kind ({@code SelfSupDataPreprocessor} for self-supervised models, as their base class sets it,
 * {@code ClsDataPreprocessor} for the others).
 */
final class Session implements AutoCloseable {
    /** Keys of mmengine runtime configs that have no effect here; accepted so that configs port unchanged. */
    private static final List<String> IGNORED = List.of("default_scope", "env_cfg", "log_level", "visualizer",
            "launcher", "log_processor", "auto_scale_lr", "resume", "val_cfg", "test_cfg");

    private final LoadedConfig config;
    private final ComponentBuilder builder;
    private final long seed;
    private final TaskModel model;
    private final NDManager manager;
    private final ConfigView preprocessorView;
    private ClsDataPreprocessor preprocessor;
    private SelfSupDataPreprocessor selfSupPreprocessor;
    private List<String> classes = List.of();
    private Shape inputShape;
    private final Optional<Pretrained.Spec> loadFrom;
    private List<Pretrained.Outcome> initOutcomes = List.of();
    /** The loader of a retriever's dataloader prototype: built once, closed with the session. */
    private DataLoader galleryLoader;
    /** Jar digests for checkpoint provenance, computed once per jar rather than at every checkpoint. */
    private final Map<java.nio.file.Path, String[]> jarDigests = Provenance.newJarCache();

    Session(LoadedConfig config, ComponentRegistry registry, ConfigView root) {
        this.config = config;
        this.builder = new ComponentBuilder(registry);
        Optional<ConfigView> randomness = root.getOptionalView("randomness");
        long s = new java.util.Random().nextInt(Integer.MAX_VALUE);
        if (randomness.isPresent()) {
            ConfigView r = randomness.get();
            s = r.has("seed") ? r.getInt("seed") : s;
            r.getBoolean("deterministic", false);
            r.getBoolean("diff_rank_seed", false);
            r.checkNoUnknownKeys();
        }
        this.seed = s;
        // Seeds libtorch (weight init, dropout) and DJL's Java-side RNG before anything random happens.
        Engine.getInstance().setRandomSeed((int) seed);
        ConfigView modelView = root.getView("model");
        this.model = builder.build(Kind.MODEL, modelView);
        this.preprocessorView = modelView.getOptionalView("data_preprocessor")
                .or(() -> root.getOptionalView("data_preprocessor")).orElse(null);
        root.markRead("data_preprocessor");
        this.loadFrom = Pretrained.readLoadFrom(root);
        this.manager = NDManager.newBaseManager();
    }

    /** The top-level {@code load_from}, which only a training run that does not resume applies. */
    Optional<Pretrained.Spec> loadFrom() {
        return loadFrom;
    }

    /** What the components' Pretrained init_cfgs loaded, when {@link #initialize} applied them. */
    List<Pretrained.Outcome> initOutcomes() {
        return initOutcomes;
    }

    ComponentBuilder builder() {
        return builder;
    }

    long seed() {
        return seed;
    }

    TaskModel model() {
        return model;
    }

    NDManager manager() {
        return manager;
    }

    /** The classifier preprocessor; a self-supervised session has none, since it makes no class scores. */
    ClsDataPreprocessor preprocessor() {
        if (preprocessor == null) {
            throw new Pretrain4jException("the model's data_preprocessor is " + SelfSupDataPreprocessor.NAME
                    + " (or " + SelfSupDataPreprocessor.TWO_NORM_NAME + "), which feeds self-supervised training and makes no class scores; validation, testing and "
                    + "prediction need a classifier. Evaluate a pre-trained backbone with a linear probe config.");
        }
        return preprocessor;
    }

    /**
     * What normalises single images for feature extraction: the classifier preprocessor, or for a self-supervised
     * model the same normalisation as its training views, so that a pre-trained backbone sees what it was trained on.
     */
    ClsDataPreprocessor imagePreprocessor() {
        return selfSupPreprocessor != null ? selfSupPreprocessor.forSingleImages() : preprocessor();
    }

    /** The self-supervised preprocessor, or null when the model takes classifier inputs. */
    SelfSupDataPreprocessor selfSupPreprocessor() {
        return selfSupPreprocessor;
    }

    List<String> classes() {
        return classes;
    }

    LoadedConfig config() {
        return config;
    }

    /** Builds the evaluation of a {@code *_dataloader} plus {@code *_evaluator} pair, or null when absent. */
    Evaluation evaluation(ConfigView root, String loaderKey, String evaluatorKey, String cfgKey) {
        root.markRead(cfgKey);
        Optional<ConfigView> loader = root.getOptionalView(loaderKey);
        if (loader.isEmpty()) {
            root.markRead(evaluatorKey);
            return null;
        }
        List<org.pretrain4j.api.evaluation.Metric> metrics = Evaluation.metrics(root, evaluatorKey, builder);
        if (metrics.isEmpty()) {
            throw root.error(evaluatorKey, "a " + loaderKey + " needs metrics, e.g. " + evaluatorKey
                    + " { type = Accuracy, topk = [1] }");
        }
        return new Evaluation(DataLoaders.build(loader.get(), builder, seed, false), metrics);
    }

    /** Accepts mmengine's runtime keys that have no effect here; other unknown top-level keys are HOCON variables. */
    void readRuntimeKeys(ConfigView root) {
        IGNORED.forEach(root::markRead);
        root.getViewList("custom_hooks");
    }

    /** Sections a runner reads; an unread top-level key one or two edits away from one of them is a typo. */
    private static final List<String> SECTIONS = List.of("model", "data_preprocessor", "train_dataloader",
            "val_dataloader", "test_dataloader", "val_evaluator", "test_evaluator", "optim_wrapper", "param_scheduler",
            "train_cfg", "val_cfg", "test_cfg", "default_hooks", "custom_hooks", "randomness", "work_dir");

    /**
     * Rejects top-level keys that look like misspelt sections. Other unread top-level keys are HOCON variables
     * ({@code train_pipeline}, {@code data_root}), which mmpretrain configs use freely.
     */
    void checkTopLevelTypos(ConfigView root) {
        for (String key : root.unreadKeys()) {
            for (String section : SECTIONS) {
                int d = org.pretrain4j.api.config.Suggestions.distance(key, section);
                if (d > 0 && d <= 2) {
                    throw root.error(key, "unknown top-level key '" + key + "'. Did you mean '" + section + "'?");
                }
            }
        }
    }

    /**
     * The model's input shapes for a sample, one {@code (1, C, H, W)} per view: what {@link #initialize} takes, so
     * that a model whose views differ in size (BEiT's tokenizer picture) is built for each.
     *
     * @param sample a sample after the pipeline
     * @return one shape per view
     */
    static Shape[] viewShapes(Sample sample) {
        return sample.views().stream().map(v -> new Shape(1, v.channels(), v.height(), v.width()))
                .toArray(Shape[]::new);
    }

    /**
     * Initialises the model's parameters for its input shapes and fixes the preprocessor's class count.
     *
     * @param viewShapes the input shapes, one per view ({@link #viewShapes}); the first is the image shape recorded
     *     in checkpoints
     * @param datasetClasses the dataset's class names
     *
     * @param applyInitCfg whether to load the components' Pretrained init_cfgs, as mmengine's {@code init_weights}
     *     does before training; testing and inference skip it, as mmengine does, because their checkpoint replaces
     *     every weight (and the pretrained files need not exist there)
     */
    void initialize(Shape[] viewShapes, List<String> datasetClasses, boolean applyInitCfg) {
        this.inputShape = viewShapes[0];
        this.classes = List.copyOf(datasetClasses);
        model.initialize(manager, DataType.FLOAT32, viewShapes);
        if (applyInitCfg) {
            initOutcomes = Pretrained.initWeights(model, builder.pretrainedInits());
        }
        String cls = "ClsDataPreprocessor";
        String byKind = model instanceof SelfSupervisor ? SelfSupDataPreprocessor.NAME : cls;
        String type = preprocessorView == null ? byKind
                : preprocessorView.getEnum("type", byKind, cls, SelfSupDataPreprocessor.NAME,
                        SelfSupDataPreprocessor.TWO_NORM_NAME);
        if (type.equals(cls)) {
            preprocessor = ClsDataPreprocessor.fromConfig(preprocessorView, classes.isEmpty() ? -1 : classes.size());
        } else {
            selfSupPreprocessor = SelfSupDataPreprocessor.fromConfig(preprocessorView);
        }
        if (model instanceof ImageToImageRetriever retriever
                && retriever.prototype() instanceof Prototype.Loader loader) {
            // Built now, so that a mistake in the gallery's section shows before any training.
            ClsDataPreprocessor pre = preprocessor();
            galleryLoader = DataLoaders.build(loader.config(), builder, seed, false);
            retriever.bindPrototypeEncoder(r -> Encoding.encode(galleryLoader, pre, manager,
                    images -> r.features(new ParameterStore(manager, false), images), "gallery"));
        }
    }

    /**
     * Loads a checkpoint's weights into the initialised model, strictly; a retriever also accepts the checkpoint of
     * the image classifier whose backbone and neck it uses ({@link RetrieverWeights}).
     */
    void loadWeights(Path checkpoint) {
        if (model instanceof ImageToImageRetriever retriever) {
            RetrieverWeights.load(checkpoint, retriever);
        } else {
            Checkpoints.loadWeights(checkpoint, model, Checkpoints.LoadOptions.strict());
        }
    }

    /** Provenance stored with each checkpoint's weights: enough to rebuild the run. */
    Map<String, String> checkpointMetadata(int epoch, long iteration) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("config", config.render());
        meta.put("classes", Json.stringList(classes));
        meta.put("input_shape", inputShape.get(1) + "," + inputShape.get(2) + "," + inputShape.get(3));
        meta.put("epoch", Integer.toString(epoch));
        meta.put("iteration", Long.toString(iteration));
        meta.put("seed", Long.toString(seed));
        String version = Session.class.getPackage().getImplementationVersion();
        meta.put("pretrain4j_version", version == null ? "dev" : version);
        meta.put("djl_version", Engine.getDjlVersion());
        meta.put(Provenance.METADATA_KEY, Provenance.toJson(Provenance.of(builder.built(), jarDigests)));
        return meta;
    }

    @Override
    public void close() {
        if (galleryLoader != null) {
            galleryLoader.close();
        }
        manager.close();
    }
}

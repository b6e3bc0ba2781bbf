package org.pretrain4j.core.benchmark;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiFunction;
import org.pretrain4j.api.Kind;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.data.Dataset;
import org.pretrain4j.api.data.Image;
import org.pretrain4j.api.data.Sample;
import org.pretrain4j.api.data.Transform;
import org.pretrain4j.api.model.SelfSupervisor;
import org.pretrain4j.api.model.TaskModel;
import org.pretrain4j.api.train.OptimParam;
import org.pretrain4j.api.train.Optimizer;
import org.pretrain4j.core.build.ComponentBuilder;
import org.pretrain4j.core.config.LoadedConfig;
import org.pretrain4j.core.data.ClsDataPreprocessor;
import org.pretrain4j.core.data.DataLoader;
import org.pretrain4j.core.data.HostBatch;
import org.pretrain4j.core.data.SelfSupDataPreprocessor;
import org.pretrain4j.core.optim.ParamGroups;
import org.pretrain4j.core.optim.Sgd;
import org.pretrain4j.core.optim.SgdConfig;
import org.pretrain4j.core.registry.ComponentRegistry;
import org.slf4j.Logger;
import org.pretrain4j.core.weights.Pretrained;
import org.slf4j.LoggerFactory;

/**
 * Measures training or inference throughput of a config's model, or of the {@linkplain RawDjlResNetCifar raw-DJL
 * baseline}, on synthetic or real data. Each step runs in its own sub-manager, like the trainer's, so the resident
 * set read at step {@code min(100, steps)} and at the last step shows whether anything outlives a step.
 *
 * <p>The number of libtorch threads is fixed when the engine starts: set the system property
 * {@code ai.djl.pytorch.num_threads} before the first NDArray is created (the CLI's {@code --threads} does).
 */
public final class Benchmark {
    private static final Logger LOG = LoggerFactory.getLogger(Benchmark.class);
    /** The step after which the resident set is first recorded: the "flat from step 100" criterion. */
    static final int PROBE_STEP = 100;
    private static final int ROOFLINE_N = 2048;
    private static final int ROOFLINE_REPEATS = 5;

    /** What each step does. */
    public enum Mode {
        /** Forward with loss, backward and an optimizer step. */
        TRAIN,
        /** Forward only, training=false, no gradient collector. */
        INFER
    }

    /** Where the batches come from. */
    public enum DataSource {
        /** One random batch (standard-normal images, uniform labels), copied into each step. */
        SYNTHETIC,
        /** The config's {@code train_dataloader} with its pipeline and data preprocessor. */
        REAL
    }

    /**
     * How to run.
     *
     * @param batchSize images per step; 0 for the config's {@code train_dataloader.batch_size}, else 32
     * @param steps measured steps
     * @param warmup untimed steps first
     * @param mode train or infer
     * @param data synthetic or real
     * @param imageShape one image's {@code (C, H, W)} for synthetic data; null for the train pipeline's output shape
     *     when the config has a {@code train_dataloader}, else {@code (3, 224, 224)}
     * @param profile where to write libtorch's operator profile of one extra step run after the measured ones (a
     *     Chrome trace, see {@link NativeProfiler}); null for none
     */
    public record Options(int batchSize, int steps, int warmup, Mode mode, DataSource data, Shape imageShape,
            Path profile) {
        /**
         * Checks the values.
         *
         * @param batchSize images per step, 0 for the default
         * @param steps measured steps, at least 1
         * @param warmup warm-up steps, at least 0
         * @param mode the mode
         * @param data the data source
         * @param imageShape null or three positive dimensions
         * @param profile null or the trace file to write
         */
        public Options {
            requireNonNull(mode, "mode is null");
            requireNonNull(data, "data is null");
            if (batchSize < 0 || steps < 1 || warmup < 0) {
                throw new IllegalArgumentException("batchSize must be >= 0, steps >= 1 and warmup >= 0");
            }
            if (imageShape != null && (imageShape.dimension() != 3 || imageShape.size() <= 0
                    || Arrays.stream(imageShape.getShape()).anyMatch(d -> d <= 0))) {
                throw new IllegalArgumentException("imageShape must be (C, H, W) with positive sizes, got "
                        + imageShape);
            }
        }

        /**
         * Options without a profile.
         *
         * @param batchSize images per step, 0 for the default
         * @param steps measured steps, at least 1
         * @param warmup warm-up steps, at least 0
         * @param mode the mode
         * @param data the data source
         * @param imageShape null or three positive dimensions
         */
        public Options(int batchSize, int steps, int warmup, Mode mode, DataSource data, Shape imageShape) {
            this(batchSize, steps, warmup, mode, data, imageShape, null);
        }
    }

    private Benchmark() {}

    /**
     * Benchmarks a config's model. Training uses {@code optim_wrapper.optimizer} and its {@code paramwise_cfg} at the
     * base learning rate (no scheduler); a config without {@code optim_wrapper} gets SGD with lr 0.1, momentum 0.9
     * and weight decay 1e-4, mmpretrain's CIFAR schedule. Batch augments ({@code model.train_cfg.augments}) are not
     * applied. A self-supervised model ({@link SelfSupervisor}) gets its views without targets, as the trainer gives
     * them: synthetic data repeats the random batch once per view the train pipeline makes (one without a pipeline),
     * real data goes through its {@code SelfSupDataPreprocessor}.
     *
     * @param config the loaded config
     * @param registry where type names are looked up
     * @param options how to run
     * @return the measurements
     */
    public static BenchmarkResult run(LoadedConfig config, ComponentRegistry registry, Options options) {
        requireNonNull(config, "config is null");
        requireNonNull(registry, "registry is null");
        requireNonNull(options, "options is null");
        ConfigView root = config.view();
        ComponentBuilder builder = new ComponentBuilder(registry);
        Optional<ConfigView> loaderView = root.getOptionalView("train_dataloader");
        if (options.data() == DataSource.REAL && loaderView.isEmpty()) {
            throw new Pretrain4jException(config.source() + " has no train_dataloader; real data needs one (or use "
                    + "synthetic data)");
        }
        int batchSize = options.batchSize() > 0 ? options.batchSize()
                : loaderView.map(v -> v.getInt("batch_size")).orElse(32);
        long seed = root.getOptionalView("randomness").map(r -> (long) r.getInt("seed", 0)).orElse(0L);
        DataLoader loader = null;
        Shape image = options.imageShape();
        // Self-supervised models take every view of a sample: as many as the train pipeline makes, else one.
        int views = 1;
        if (options.data() == DataSource.REAL || (image == null && loaderView.isPresent())) {
            loader = loader(loaderView.get(), builder, batchSize, seed);
            Sample sample = firstSample(loader, config.source());
            views = 1 + sample.extraViews().size();
            Image first = sample.image();
            Shape pipelineShape = new Shape(first.channels(), first.height(), first.width());
            if (options.data() == DataSource.REAL && image != null && !image.equals(pipelineShape)) {
                LOG.warn("--input-shape {} ignored: the real pipeline produces {}", image, pipelineShape);
            }
            image = options.data() == DataSource.REAL || image == null ? pipelineShape : image;
            if (options.data() == DataSource.SYNTHETIC) {
                loader.close();
                loader = null;
            }
        }
        if (image == null) {
            image = new Shape(3, 224, 224);
        }
        Shape batchShape = new Shape(batchSize, image.get(0), image.get(1), image.get(2));

        TaskModel model = builder.build(Kind.MODEL, root.getView("model"));
        NDManager manager = NDManager.newBaseManager();
        try {
            model.initialize(manager, DataType.FLOAT32, new Shape(1, image.get(0), image.get(1), image.get(2)));
            // Weights do not change the speed, but a benchmark of a config should fail where training would.
            Pretrained.initAndLoad(model, builder.pretrainedInits(), root).forEach(o -> LOG.info(o.summary()));
            boolean selfSup = model instanceof SelfSupervisor;
            int numClasses = selfSup ? 0 : numClasses(model, batchShape);
            boolean train = options.mode() == Mode.TRAIN;
            Optimizer optimizer = null;
            List<OptimParam> params = List.of();
            String optimizerText = "-";
            if (train) {
                Optional<ConfigView> optim = root.getOptionalView("optim_wrapper");
                if (optim.isPresent()) {
                    ConfigView optimizerView = optim.get().getView("optimizer");
                    optimizer = builder.build(Kind.OPTIMIZER, optimizerView);
                    params = ParamGroups.build(model, optim.get().getOptionalView("paramwise_cfg").orElse(null));
                    optimizerText = optimizerView.unwrap().render(com.typesafe.config.ConfigRenderOptions.concise())
                            + " (optim_wrapper of the config, base lr, no scheduler)";
                } else {
                    optimizer = new Sgd(new SgdConfig(0.1, 0.9, 0, 1e-4, false));
                    params = ParamGroups.build(model, null);
                    optimizerText = "SGD lr 0.1 momentum 0.9 weight_decay 1e-4 (default: the config has no "
                            + "optim_wrapper)";
                }
            }
            ModelWorkload.Batches batches = loader != null
                    ? new LoaderBatches(loader, converter(root, selfSup, numClasses))
                    : synthetic(manager, batchShape, numClasses, selfSup ? views : 0);
            try (Workload workload = new ModelWorkload(model, manager, train, optimizer, optimizerText, params,
                    batches, selfSup)) {
                return measure(config.source(), workload, options, batchShape, options.data());
            }
        } finally {
            if (loader != null) {
                loader.close();
            }
            manager.close();
        }
    }

    /**
     * Benchmarks the raw-DJL baseline on synthetic data.
     *
     * @param network the baseline's name, {@value RawDjlResNetCifar#NAME}
     * @param options how to run; {@code data} must be synthetic; batch size 0 means 64 and a null image shape
     *     {@code (3, 32, 32)}
     * @return the measurements
     */
    public static BenchmarkResult runRawDjl(String network, Options options) {
        requireNonNull(options, "options is null");
        if (!RawDjlResNetCifar.NAME.equals(network)) {
            throw new Pretrain4jException("unknown raw-DJL network '" + network + "'; known: "
                    + RawDjlResNetCifar.NAME);
        }
        if (options.data() != DataSource.SYNTHETIC) {
            throw new Pretrain4jException("the raw-DJL baseline runs on synthetic data only");
        }
        Shape image = options.imageShape() == null ? new Shape(3, 32, 32) : options.imageShape();
        int batchSize = options.batchSize() > 0 ? options.batchSize() : 64;
        Shape batchShape = new Shape(batchSize, image.get(0), image.get(1), image.get(2));
        try (Workload workload = new RawDjlResNetCifar.DjlWorkload(batchShape, 10, options.mode() == Mode.TRAIN)) {
            return measure("raw-djl:" + network, workload, options, batchShape, DataSource.SYNTHETIC);
        }
    }

    private static BenchmarkResult measure(String name, Workload workload, Options options, Shape batchShape,
            DataSource data) {
        int batchSize = (int) batchShape.get(0);
        int threads = Integer.getInteger("ai.djl.pytorch.num_threads", Runtime.getRuntime().availableProcessors());
        LOG.info("benchmark {}: {} {} steps (+{} warm-up), batch {}", name, options.mode().name().toLowerCase(
                Locale.ROOT), options.steps(), options.warmup(), batchShape);
        double roofline = Roofline.matmulGflops(ROOFLINE_N, ROOFLINE_REPEATS);
        StepClock clock = new StepClock();
        for (int i = 0; i < options.warmup(); i++) {
            try (NDManager step = workload.manager().newSubManager()) {
                workload.step(step, clock);
            }
        }
        int steps = options.steps();
        int probeStep = Math.min(PROBE_STEP, steps);
        long probeRss = -1;
        long[] wall = new long[steps];
        double data0 = 0;
        double wait = 0;
        double forward = 0;
        double backward = 0;
        double optimizer = 0;
        long runStart = System.nanoTime();
        long windowStart = runStart;
        int logEvery = Math.max(10, steps / 10);
        for (int i = 0; i < steps; i++) {
            clock.reset();
            long start = System.nanoTime();
            try (NDManager step = workload.manager().newSubManager()) {
                workload.step(step, clock);
            }
            wall[i] = System.nanoTime() - start;
            if (LOG.isDebugEnabled()) {
                LOG.debug(String.format(Locale.ROOT, "step %d: %.1f ms (data %.1f, forward %.1f, backward %.1f, "
                        + "optimizer %.1f)", i + 1, wall[i] / 1e6, clock.data / 1e6, clock.forward / 1e6,
                        clock.backward / 1e6, clock.optimizer / 1e6));
            }
            data0 += clock.data;
            wait += clock.loaderWait;
            forward += clock.forward;
            backward += clock.backward;
            optimizer += clock.optimizer;
            if (i + 1 == probeStep) {
                probeRss = ProcessMemory.read().residentBytes();
            }
            if ((i + 1) % logEvery == 0 && i + 1 < steps) {
                long now = System.nanoTime();
                LOG.info(String.format(Locale.ROOT, "step %d/%d: %.1f ms/step, RSS %.0f MB", i + 1, steps,
                        (now - windowStart) / 1e6 / logEvery, ProcessMemory.read().residentBytes() / 1048576.0));
                windowStart = now;
            }
        }
        double elapsed = (System.nanoTime() - runStart) / 1e9;
        ProcessMemory end = ProcessMemory.read();
        if (options.profile() != null) {
            // After the measured steps, so the profiler's overhead is in none of them.
            NativeProfiler.profile(options.profile(), () -> {
                try (NDManager step = workload.manager().newSubManager()) {
                    workload.step(step, new StepClock());
                }
            });
            LOG.info("libtorch operator profile of one step written to {}", options.profile());
        }
        double meanStep = Arrays.stream(wall).average().orElse(0) / 1e6;
        long[] sorted = wall.clone();
        Arrays.sort(sorted);
        double median = (steps % 2 == 1 ? sorted[steps / 2] : (sorted[steps / 2 - 1] + sorted[steps / 2]) / 2.0) / 1e6;
        double n = steps * 1e6;
        double dataMs = data0 / n;
        double forwardMs = forward / n;
        double backwardMs = backward / n;
        double optimizerMs = optimizer / n;
        double otherMs = Math.max(0, meanStep - dataMs - forwardMs - backwardMs - optimizerMs);
        double imagesPerSecond = batchSize * (double) steps / elapsed;
        double gflopPerImage = workload.forwardFlopsPerImage() / 1e9;
        boolean train = options.mode() == Mode.TRAIN;
        double achieved = gflopPerImage * (train ? 3 : 1) * imagesPerSecond;
        String shape = batchShape.get(1) + "," + batchShape.get(2) + "," + batchShape.get(3);
        return new BenchmarkResult(name, train ? "train" : "infer", data.name().toLowerCase(Locale.ROOT), batchSize,
                shape, steps, options.warmup(), threads, workload.optimizer(), workload.parameters(),
                imagesPerSecond, meanStep, median, dataMs, wait / n, forwardMs, backwardMs, optimizerMs, otherMs,
                gflopPerImage, achieved, roofline, end.peakResidentBytes(), probeStep, probeRss,
                end.residentBytes());
    }

    /** The config's train loader, always shuffled with full batches, with the benchmark's batch size. */
    private static DataLoader loader(ConfigView section, ComponentBuilder builder, int batchSize, long seed) {
        int workers = section.checkRange("num_workers", section.getInt("num_workers", 2), 0, 64);
        ConfigView datasetView = section.getView("dataset");
        List<Transform> pipeline = datasetView.getViewList("pipeline").stream()
                .map(v -> builder.build(Kind.TRANSFORM, v)).toList();
        Dataset dataset = builder.build(Kind.DATASET, datasetView);
        return new DataLoader(dataset, pipeline, batchSize, true, true, Math.max(1, workers), seed);
    }

    private static Sample firstSample(DataLoader loader, String source) {
        if (loader.dataset().size() == 0) {
            throw new Pretrain4jException("the train_dataloader of " + source + " has no samples; pass --input-shape "
                    + "to benchmark on synthetic data");
        }
        return loader.sample(0, 0);
    }

    private static int numClasses(TaskModel model, Shape batchShape) {
        Shape[] out = model.getOutputShapes(new Shape[] {batchShape});
        return (int) out[0].get(out[0].dimension() - 1);
    }

    /** The model's data preprocessor as a batch converter: views (and masks) for self-supervised models. */
    private static BiFunction<HostBatch, NDManager, NDList> converter(ConfigView root, boolean selfSup,
            int numClasses) {
        ConfigView model = root.getView("model");
        ConfigView view = model.getOptionalView("data_preprocessor")
                .or(() -> root.getOptionalView("data_preprocessor")).orElse(null);
        if (selfSup) {
            SelfSupDataPreprocessor preprocessor = SelfSupDataPreprocessor.fromConfig(view);
            return preprocessor::inputs;
        }
        ClsDataPreprocessor preprocessor = ClsDataPreprocessor.fromConfig(view, numClasses);
        return (batch, step) -> new NDList(preprocessor.inputs(batch, step), preprocessor.targets(batch, step));
    }

    /**
     * The synthetic batch source.
     *
     * @param views 0 for a classifier (images and labels), else the number of views a self-supervised model takes
     */
    private static ModelWorkload.Batches synthetic(NDManager manager, Shape batchShape, int numClasses, int views) {
        SyntheticBatch batch = new SyntheticBatch(manager, batchShape, numClasses);
        return new ModelWorkload.Batches() {
            @Override
            public NDList next(NDManager step, StepClock clock) {
                long start = System.nanoTime();
                NDList xy = views == 0 ? batch.copyTo(step) : batch.views(step, views);
                clock.data += System.nanoTime() - start;
                return xy;
            }

            @Override
            public void close() {
                batch.close();
            }
        };
    }

    /** Batches from the real loader, epoch after epoch, normalised by the config's data preprocessor. */
    private static final class LoaderBatches implements ModelWorkload.Batches {
        private final DataLoader loader;
        private final BiFunction<HostBatch, NDManager, NDList> converter;
        private int epoch;
        private Iterator<HostBatch> batches;

        LoaderBatches(DataLoader loader, BiFunction<HostBatch, NDManager, NDList> converter) {
            this.loader = loader;
            this.converter = converter;
            this.batches = loader.epoch(0, 0);
        }

        @Override
        public NDList next(NDManager step, StepClock clock) {
            long start = System.nanoTime();
            if (!batches.hasNext()) {
                if (loader.batchesPerEpoch() == 0) {
                    throw new Pretrain4jException("the train_dataloader has fewer samples than one batch");
                }
                batches = loader.epoch(++epoch, 0);
            }
            HostBatch batch = batches.next();
            long waited = System.nanoTime();
            NDList converted = converter.apply(batch, step);
            long end = System.nanoTime();
            clock.loaderWait += waited - start;
            clock.data += end - start;
            return converted;
        }

        @Override
        public void close() {
            loader.close();
        }
    }
}

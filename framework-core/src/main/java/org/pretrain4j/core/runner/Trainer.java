package org.pretrain4j.core.runner;

import static java.util.Objects.requireNonNull;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import me.tongfei.progressbar.ProgressBar;
import org.pretrain4j.api.Kind;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.data.BatchAugment;
import org.pretrain4j.api.data.Sample;
import org.pretrain4j.api.model.LossDict;
import org.pretrain4j.api.model.TaskModel;
import org.pretrain4j.api.train.Hook;
import org.pretrain4j.api.train.OptimParam;
import org.pretrain4j.api.train.Optimizer;
import org.pretrain4j.api.train.RunInfo;
import org.pretrain4j.core.checkpoint.CheckpointStore;
import org.pretrain4j.core.checkpoint.Checkpoints;
import org.pretrain4j.core.config.LoadedConfig;
import org.pretrain4j.core.data.DataLoader;
import org.pretrain4j.core.data.HostBatch;
import org.pretrain4j.core.data.Seeds;
import org.pretrain4j.core.data.SelfSupDataPreprocessor;
import org.pretrain4j.core.optim.GradientClipper;
import org.pretrain4j.core.optim.Gradients;
import org.pretrain4j.core.optim.ParamGroups;
import org.pretrain4j.core.plot.TrainingCurves;
import org.pretrain4j.core.registry.ComponentRegistry;
import org.pretrain4j.core.schedule.LrSchedule;
import org.pretrain4j.core.weights.Pretrained;

/**
 * mmengine's runner for training: epoch- or iteration-based loop, validation every {@code val_interval},
 * checkpoints with resume, logs, {@code metrics.jsonl} and a curve plot in the work directory.
 *
 * <p>Classifiers train on image batches with class targets. Self-supervised models (those whose data preprocessor is
 * {@code SelfSupDataPreprocessor}, the default for a {@code SelfSupervisor}, or {@code TwoNormDataPreprocessor}) train
 * on the batch's views and masks alone, without validation. Blocks of the model that implement {@link Hook} are called
 * with the configured hooks.
 *
 * <p>Every step runs in its own sub-manager, so nothing but parameters, optimizer state and metrics outlives it.
 * The loss is read back every step: on the CPU engine ops already ran synchronously, so this costs microseconds,
 * and it lets a NaN stop the run at the exact iteration, before any checkpoint could store it.
 */
public final class Trainer implements AutoCloseable {
    /** The train record's count of steps skipped under {@code train_cfg.skip_nonfinite}. */
    static final String SKIPPED_STEPS = "skipped_steps";

    private final Session session;
    private final TrainSettings settings;
    private final DataLoader trainLoader;
    private final Evaluation validation;
    private final Optimizer optimizer;
    private final List<OptimParam> params;
    private final LrSchedule schedule;
    private final Double clipGrad;
    private final List<BatchAugment> augments;
    private final double[] augmentProbs;
    private final List<Hook> hooks;
    private final CheckpointStore store;
    private final RunLog log;
    private final TrainingCurves curves = new TrainingCurves();
    private int epoch;
    private long iter;
    private Double best;
    private String lastCheckpoint;
    private long skippedSteps;
    private final WorkDirLock lock;
    /** BatchNorm running statistics, restored when a step is skipped. */
    private final List<Parameter> buffers;

    /**
     * Prepares a training run: builds everything the config names, initialises the model and, when asked, restores
     * the latest or a given checkpoint.
     *
     * @param config the loaded config
     * @param registry where type names are looked up
     * @param workDir the work directory
     * @param resume null to start fresh, {@code "auto"} for the latest checkpoint in the work directory, or a path
     */
    public Trainer(LoadedConfig config, ComponentRegistry registry, Path workDir, String resume) {
        requireNonNull(workDir, "workDir is null");
        ConfigView root = config.view();
        this.session = new Session(config, registry, root);
        this.settings = TrainSettings.read(root);
        this.trainLoader = DataLoaders.build(root.getView("train_dataloader"), session.builder(), session.seed(), true);
        this.validation = session.evaluation(root, "val_dataloader", "val_evaluator", "val_cfg");
        ConfigView optim = root.getView("optim_wrapper");
        optim.getEnum("type", "OptimWrapper", "OptimWrapper");
        this.optimizer = session.builder().build(Kind.OPTIMIZER, optim.getView("optimizer"));
        this.clipGrad = optim.getOptionalView("clip_grad").map(c -> {
            double maxNorm = c.getDouble("max_norm");
            c.checkRange("norm_type", c.getDouble("norm_type", 2.0), 2.0, 2.0);
            c.checkNoUnknownKeys();
            return maxNorm;
        }).orElse(null);
        ParamGroups groups = ParamGroups.read(optim);
        optim.checkNoUnknownKeys();
        this.schedule = new LrSchedule(session.builder().buildOneOrMany(Kind.PARAM_SCHEDULER, root,
                "param_scheduler"), trainLoader.batchesPerEpoch(),
                maxIters());
        ConfigView modelView = root.getView("model");
        this.augments = new ArrayList<>();
        List<Double> probs = new ArrayList<>();
        modelView.getOptionalView("train_cfg").ifPresent(t -> {
            augments.addAll(session.builder().buildOneOrMany(Kind.BATCH_AUGMENT, t, "augments"));
            probs.addAll(t.getDoubleList("probs", List.of()));
            t.checkNoUnknownKeys();
        });
        this.augmentProbs = augmentProbs(probs, augments.size(), modelView);
        List<Hook> all = new ArrayList<>(modelHooks(session.model()));
        root.getViewList("custom_hooks").forEach(v -> all.add(session.builder().build(Kind.HOOK, v)));
        this.hooks = List.copyOf(all);
        session.readRuntimeKeys(root);
        root.markRead("work_dir");
        session.checkTopLevelTypos(root);

        Sample first = trainLoader.sample(0, 0);
        session.initialize(Session.viewShapes(first), trainLoader.dataset().classes(), true);
        if (session.selfSupPreprocessor() != null) {
            rejectClassifierParts(root, modelView);
        }
        this.params = groups.build(session.model());
        this.buffers = session.model().getParameters().values().stream()
                .filter(p -> p.getType() == Parameter.Type.RUNNING_MEAN || p.getType() == Parameter.Type.RUNNING_VAR)
                .toList();
        // Nothing above writes to the work dir; from here on a second run there would interleave checkpoints.
        this.lock = WorkDirLock.acquire(workDir);
        this.store = new CheckpointStore(workDir);
        this.log = new RunLog(workDir);
        try {
            log.info("work dir: " + workDir.toAbsolutePath());
            writeResolvedConfig(workDir.resolve("config.conf"), config.render());
            log.info("train data: " + trainLoader.dataset().describe() + ", " + trainLoader.batchesPerEpoch()
                    + " batches per epoch");
            if (validation != null) {
                log.info("val data: " + validation.loader().dataset().describe());
            }
            log.info("seed: " + session.seed() + ", trainable parameter tensors: " + params.size());
            session.initOutcomes().forEach(this::logLoad);
            if (resume != null) {
                session.loadFrom().ifPresent(spec -> log.info(spec.where() + " not applied: resuming restores every "
                        + "weight"));
                resume(resume);
            } else {
                session.loadFrom().ifPresent(spec -> logLoad(Pretrained.loadFrom(session.model(), spec)));
            }
        } catch (RuntimeException e) {
            log.close();
            lock.close();
            throw e;
        }
    }

    private void logLoad(Pretrained.Outcome outcome) {
        if (outcome.exact()) {
            log.info(outcome.summary());
        } else {
            log.warn(outcome.summary());
        }
    }

    /** The run's resolved config next to its outputs, as mmengine dumps it, so the run can be rebuilt exactly. */
    private static void writeResolvedConfig(Path file, String hocon) {
        try {
            java.nio.file.Files.writeString(file, hocon);
        } catch (java.io.IOException e) {
            throw new Pretrain4jException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Self-supervised inputs carry no class targets and the model no class scores, so neither batch augments (which
     * mix targets) nor validation by metrics apply; a linear probe evaluates the backbone after pre-training.
     */
    private void rejectClassifierParts(ConfigView root, ConfigView modelView) {
        if (validation != null) {
            throw root.error("val_dataloader", "self-supervised training (" + SelfSupDataPreprocessor.NAME
                    + ") has no class scores to validate; set val_dataloader = null and val_evaluator = null, and "
                    + "evaluate the backbone after pre-training with a linear probe");
        }
        if (!augments.isEmpty()) {
            throw new org.pretrain4j.api.config.ConfigException(modelView.path() + ".train_cfg.augments",
                    modelView.origin(), "batch augments mix class targets, which self-supervised training has none "
                    + "of; remove them");
        }
    }

    /**
     * The model's blocks that implement {@link Hook}, depth first with parents before children, so that model parts
     * with training-time state (an EMA teacher's momentum schedule) follow the loop without configuration.
     */
    static List<Hook> modelHooks(Block root) {
        List<Hook> found = new ArrayList<>();
        collectHooks(root, found);
        return found;
    }

    private static void collectHooks(Block block, List<Hook> found) {
        if (block instanceof Hook h) {
            found.add(h);
        }
        for (Block child : block.getChildren().values()) {
            collectHooks(child, found);
        }
    }

    private long maxIters() {
        return settings.byEpoch() ? (long) settings.maxEpochs() * trainLoader.batchesPerEpoch() : settings.maxIters();
    }


    /** mmpretrain's RandomBatchAugment: one augment per batch with the given probabilities, the rest no-op. */
    private static double[] augmentProbs(List<Double> probs, int count, ConfigView model) {
        if (probs.isEmpty()) {
            double[] p = new double[count];
            java.util.Arrays.fill(p, count == 0 ? 0 : 1.0 / count);
            return p;
        }
        double sum = probs.stream().mapToDouble(Double::doubleValue).sum();
        if (probs.size() != count || sum > 1 + 1e-6 || probs.stream().anyMatch(x -> x < 0)) {
            throw new org.pretrain4j.api.config.ConfigException(model.path() + ".train_cfg.probs", model.origin(),
                    "expected " + count + " non-negative probabilities summing to at most 1, got " + probs);
        }
        return probs.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private void resume(String resume) {
        Path weights = resume.equals("auto")
                ? store.latest().orElseThrow(() -> new Pretrain4jException("--resume: no checkpoint in "
                        + store.workDir() + " to resume from"))
                : Path.of(resume);
        Checkpoints.Resumed state = Checkpoints.resume(weights, session.model(), optimizer, session.manager());
        this.epoch = state.epoch();
        this.iter = state.iteration();
        this.best = state.best();
        this.lastCheckpoint = weights.toString();
        log.info("resumed from " + weights + " at epoch " + epoch + ", iteration " + iter);
    }

    /**
     * Runs the training to its end.
     *
     * @return the last validation metrics (empty without validation)
     */
    public Map<String, Double> train() {
        Map<String, Double> lastMetrics = new LinkedHashMap<>();
        hooks.forEach(h -> h.beforeTrain(info(Map.of())));
        int perEpoch = trainLoader.batchesPerEpoch();
        long max = maxIters();
        ParameterStore ps = new ParameterStore(session.manager(), false);
        while (iter < max) {
            int firstBatch = (int) (iter % perEpoch);
            epoch = (int) (iter / perEpoch);
            Iterator<HostBatch> batches = trainLoader.epoch(epoch, firstBatch);
            try (ProgressBar bar = Progress.bar(String.format(Locale.ROOT, "epoch %d/%d", epoch + 1,
                    (max + perEpoch - 1) / perEpoch), perEpoch, firstBatch)) {
                double lossSum = 0;
                int lossCount = 0;
                int stepCount = 0;
                long windowStart = System.nanoTime();
                long dataWait = 0;
                while (batches.hasNext() && iter < max) {
                    long waitStart = System.nanoTime();
                    HostBatch batch = batches.next();
                    dataWait += System.nanoTime() - waitStart;
                    double lr = schedule.lr(optimizer.baseLr(), iter);
                    Map<String, Double> losses = step(batch, ps, lr);
                    iter++;
                    double loss = losses.get("loss");
                    stepCount++;
                    if (Double.isFinite(loss)) {
                        lossSum += loss;
                        lossCount++;
                        Progress.update(bar, loss, lr);
                    }
                    if (iter % settings.logInterval() == 0 || iter == max) {
                        double seconds = (System.nanoTime() - windowStart) / 1e9 / stepCount;
                        logTrain(lossCount == 0 ? Double.NaN : lossSum / lossCount, lr, seconds,
                                dataWait / 1e9 / stepCount, losses);
                        lossSum = 0;
                        lossCount = 0;
                        stepCount = 0;
                        dataWait = 0;
                        windowStart = System.nanoTime();
                    }
                    hooks.forEach(h -> h.afterTrainIter(info(losses)));
                    if (!settings.byEpoch()) {
                        afterStep(lastMetrics, settings.valInterval(), iter, iter == max, "iter_" + iter);
                    }
                }
            }
            if (settings.byEpoch() && iter % perEpoch == 0) {
                int done = (int) (iter / perEpoch);
                epoch = done;
                hooks.forEach(h -> h.afterTrainEpoch(info(Map.of())));
                afterStep(lastMetrics, settings.valInterval(), done, iter == max, "epoch_" + done);
            }
        }
        hooks.forEach(h -> h.afterTrain(info(lastMetrics)));
        curves.writePng(store.workDir().resolve("curves.png"));
        log.info("training finished at iteration " + iter + (lastCheckpoint == null ? "" : "; last checkpoint "
                + lastCheckpoint));
        return lastMetrics;
    }

    /** Validation, checkpoint and best-checkpoint handling after an epoch or iteration {@code count}. */
    private void afterStep(Map<String, Double> lastMetrics, int valInterval, long count, boolean last, String name) {
        boolean validate = validation != null && count >= settings.valBegin() && (count % valInterval == 0 || last);
        boolean ckptDue = count % settings.ckptInterval() == 0 || last;
        if (!validate && !ckptDue) {
            return;
        }
        Map<String, Double> metrics = validate ? validate() : Map.of();
        lastMetrics.putAll(metrics);
        boolean improved = false;
        String bestKey = null;
        if (!metrics.isEmpty() && settings.saveBest() != null) {
            bestKey = settings.saveBest().equals("auto") ? metrics.keySet().iterator().next() : settings.saveBest();
            Double value = metrics.get(bestKey);
            if (value == null) {
                throw new Pretrain4jException("default_hooks.checkpoint.save_best names '" + settings.saveBest()
                        + "' but validation produced " + metrics.keySet());
            }
            improved = best == null || (settings.greater() ? value > best : value < best);
            if (improved) {
                best = value;
            }
        }
        if (ckptDue || improved) {
            save(name);
            if (improved) {
                store.saveBest(bestKey, best, settings.greater(), name);
            }
            if (settings.maxKeepCkpts() > 0) {
                store.prune(settings.maxKeepCkpts());
            }
        }
        curves.writePng(store.workDir().resolve("curves.png"));
    }

    private Map<String, Double> step(HostBatch batch, ParameterStore ps, double lr) {
        try (NDManager step = session.manager().newSubManager()) {
            NDList[] io = modelInputs(batch, step);
            Map<String, Double> values = new LinkedHashMap<>();
            // The forward pass updates BatchNorm running statistics in place; a skipped step must undo that too.
            List<NDArray> savedBuffers = settings.skipNonfinite()
                    ? buffers.stream().map(b -> b.getArray().duplicate()).toList() : List.of();
            savedBuffers.forEach(b -> b.attach(step));
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                LossDict losses = session.model().loss(ps, io[0], io[1]);
                NDArray total = losses.total();
                values.put("loss", (double) total.getFloat());
                losses.terms().forEach((k, v) -> values.put(k, (double) v.getFloat()));
                if (!Double.isFinite(values.get("loss"))) {
                    return nonfinite("loss became " + values.get("loss"), values, savedBuffers, step);
                }
                collector.backward(total);
            }
            boolean gradsFinite;
            if (clipGrad != null) {
                double norm = GradientClipper.clipByGlobalNorm(params, clipGrad, step);
                values.put("grad_norm", norm);
                gradsFinite = Double.isFinite(norm);
            } else {
                gradsFinite = Gradients.allFinite(params, step);
            }
            if (!gradsFinite) {
                return nonfinite("gradients became non-finite (loss " + values.get("loss") + ")", values, savedBuffers,
                        step);
            }
            optimizer.step(params, lr, step);
            Gradients.zero(params, step);
            return values;
        }
    }

    /**
     * A batch as the model's loss takes it: the views (and masks) with no targets for self-supervised models, or the
     * image batch and its targets, after a batch augment when configured, for classifiers.
     *
     * @return {@code {inputs, targets}}
     */
    private NDList[] modelInputs(HostBatch batch, NDManager step) {
        SelfSupDataPreprocessor selfSup = session.selfSupPreprocessor();
        if (selfSup != null) {
            return new NDList[] {selfSup.inputs(batch, step), new NDList()};
        }
        NDArray inputs = session.preprocessor().inputs(batch, step);
        NDArray targets = session.preprocessor().targets(batch, step);
        if (!augments.isEmpty()) {
            targets = session.preprocessor().oneHot(targets);
            SplittableRandom random = new SplittableRandom(Seeds.derive(session.seed(), -2, iter));
            BatchAugment chosen = pick(random.nextDouble());
            if (chosen != null) {
                NDList mixed = chosen.apply(inputs, targets, random);
                inputs = mixed.get(0);
                targets = mixed.get(1);
            }
        }
        return new NDList[] {new NDList(inputs), new NDList(targets)};
    }

    private BatchAugment pick(double u) {
        double acc = 0;
        for (int i = 0; i < augments.size(); i++) {
            acc += augmentProbs[i];
            if (u < acc) {
                return augments.get(i);
            }
        }
        return null;
    }

    /**
     * A step whose loss or gradients hold NaN or infinity: stops the run naming the iteration and the last good
     * checkpoint, or with {@code train_cfg.skip_nonfinite} drops the update, counts it and logs it.
     */
    private Map<String, Double> nonfinite(String what, Map<String, Double> values, List<NDArray> savedBuffers,
            NDManager step) {
        String where = what + " at iteration " + (iter + 1) + " (epoch " + (epoch + 1) + ")";
        if (!settings.skipNonfinite()) {
            String message = where + "; training stopped. " + (lastCheckpoint == null
                    ? "No checkpoint was written yet." : "The last good checkpoint is " + lastCheckpoint
                            + " (resume with --resume).") + " Set train_cfg.skip_nonfinite = true to skip such steps.";
            log.warn(message);
            throw new Pretrain4jException(message);
        }
        skippedSteps++;
        log.warn(where + "; step skipped (skip_nonfinite), " + skippedSteps + " skipped so far");
        Gradients.zero(params, step);
        for (int i = 0; i < buffers.size(); i++) {
            savedBuffers.get(i).copyTo(buffers.get(i).getArray());
        }
        values.put(SKIPPED_STEPS, (double) skippedSteps);
        return values;
    }

    private Map<String, Double> validate() {
        Map<String, Double> metrics;
        try (ProgressBar bar = Progress.bar("val", validation.loader().batchesPerEpoch(), 0)) {
            metrics = validation.run(session.model(), new ParameterStore(session.manager(), false),
                    session.preprocessor(), session.manager(), null, () -> Progress.step(bar));
        }
        validation.metricList().forEach(m -> m.writeArtifacts(store.workDir(), session.classes()));
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("mode", "val");
        record.put("epoch", epoch);
        record.put("iter", iter);
        record.putAll(metrics);
        log.record(record);
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "Epoch(val) [%d] iter %d ", epoch, iter));
        metrics.forEach((k, v) -> {
            line.append(String.format(Locale.ROOT, " %s: %.4f", k, v));
            curves.addMetric(iter, k, v);
        });
        log.info(line.toString());
        hooks.forEach(h -> h.afterVal(info(metrics)));
        return metrics;
    }

    private void logTrain(double loss, double lr, double secondsPerIter, double dataSeconds,
            Map<String, Double> last) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("mode", "train");
        record.put("epoch", epoch + 1);
        record.put("iter", iter);
        record.put("lr", lr);
        record.put("loss", loss);
        record.put("time", secondsPerIter);
        record.put("data_time", dataSeconds);
        last.forEach((k, v) -> {
            if (!k.equals("loss") && !k.equals(SKIPPED_STEPS)) {
                record.put(k, v);
            }
        });
        if (skippedSteps > 0) {
            record.put(SKIPPED_STEPS, skippedSteps);
        }
        log.record(record);
        log.info(String.format(Locale.ROOT, "Epoch(train) [%d][%d/%d] lr: %.4e loss: %.4f time: %.3fs "
                + "data_time: %.3fs", epoch + 1, iter - (long) epoch * trainLoader.batchesPerEpoch(),
                trainLoader.batchesPerEpoch(), lr, loss, secondsPerIter, dataSeconds));
        curves.addLoss(iter, loss);
        curves.addLr(iter, lr);
        curves.writePng(store.workDir().resolve("curves.png"));
    }

    private void save(String name) {
        Map<String, String> resumeMeta = new LinkedHashMap<>();
        resumeMeta.put("epoch", Integer.toString(settings.byEpoch() ? (int) (iter / trainLoader.batchesPerEpoch())
                : epoch));
        resumeMeta.put("iteration", Long.toString(iter));
        resumeMeta.put("seed", Long.toString(session.seed()));
        if (best != null) {
            resumeMeta.put("best", Double.toString(best));
        }
        store.save(name, session.model(), optimizer.state(), session.checkpointMetadata(epoch, iter), resumeMeta);
        lastCheckpoint = store.workDir().resolve(name + ".safetensors").toString();
        log.info("saved checkpoint " + lastCheckpoint);
    }

    private RunInfo info(Map<String, Double> values) {
        return new RunInfo(store.workDir(), epoch, iter, maxIters(), schedule.lr(optimizer.baseLr(),
                Math.max(0, iter - 1)), values);
    }

    @Override
    public void close() {
        trainLoader.close();
        if (validation != null) {
            validation.loader().close();
        }
        log.close();
        session.close();
        lock.close();
    }
}

package org.pretrain4j.core.benchmark;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.pretrain4j.api.model.TaskModel;
import org.pretrain4j.api.train.OptimParam;
import org.pretrain4j.api.train.Optimizer;
import org.pretrain4j.core.inspect.ModuleTree;
import org.pretrain4j.core.optim.Gradients;

/**
 * A pretrain4j model stepped the way {@code org.pretrain4j.core.runner.Trainer} steps it (loss, backward, optimizer,
 * gradients zeroed in place), without the trainer's logging, checkpoints and per-step loss read-back, so the numbers
 * are the model's and the optimizer's cost.
 */
final class ModelWorkload implements Workload {
    /** Where a step's batch comes from. */
    interface Batches extends AutoCloseable {
        /**
         * The batch, owned by {@code step}: images and int64 labels for a classifier, the views (and masks) for a
         * self-supervised model; adds its time to {@code clock.data}.
         */
        NDList next(NDManager step, StepClock clock);

        @Override
        void close();
    }

    private final TaskModel model;
    private final NDManager manager;
    private final boolean train;
    private final Optimizer optimizer;
    private final String optimizerText;
    private final List<OptimParam> params;
    private final Batches batches;
    private final ParameterStore ps;
    private final long flops;
    private final boolean selfSup;

    ModelWorkload(TaskModel model, NDManager manager, boolean train, Optimizer optimizer, String optimizerText,
            List<OptimParam> params, Batches batches, boolean selfSup) {
        this.model = model;
        this.manager = manager;
        this.train = train;
        this.optimizer = optimizer;
        this.optimizerText = train ? optimizerText : "-";
        this.params = params;
        this.batches = batches;
        this.ps = new ParameterStore(manager, false);
        this.flops = FlopCounter.forwardFlopsPerImage(model);
        this.selfSup = selfSup;
    }

    @Override
    public void step(NDManager step, StepClock clock) {
        NDList batch = batches.next(step, clock);
        long start = System.nanoTime();
        if (!train) {
            model.forward(ps, new NDList(batch.get(0)), false);
            clock.forward = System.nanoTime() - start;
            return;
        }
        long forwardEnd;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            // A self-supervised loss takes all the views (and masks) and no targets, as the trainer passes them.
            NDArray total = (selfSup ? model.loss(ps, batch, new NDList())
                    : model.loss(ps, new NDList(batch.get(0)), new NDList(batch.get(1)))).total();
            forwardEnd = System.nanoTime();
            collector.backward(total);
        }
        long backwardEnd = System.nanoTime();
        optimizer.step(params, optimizer.baseLr(), step);
        Gradients.zero(params, step);
        long end = System.nanoTime();
        clock.forward = forwardEnd - start;
        clock.backward = backwardEnd - forwardEnd;
        clock.optimizer = end - backwardEnd;
    }

    @Override
    public long parameters() {
        return ModuleTree.countParameters(model);
    }

    @Override
    public long forwardFlopsPerImage() {
        return flops;
    }

    @Override
    public String optimizer() {
        return optimizerText;
    }

    @Override
    public NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        batches.close();
        manager.close();
    }
}

package org.pretrain4j.core.benchmark;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.List;
import org.pretrain4j.core.inspect.ModuleTree;

/**
 * The baseline pretrain4j must beat: mmpretrain's ResNet_CIFAR-18 (torchvision's ResNet-18 with a 3x3 stride-1 stem
 * and no max-pool, 11,173,962 parameters for 10 classes) written the way a DJL user would write it without
 * pretrain4j, from {@link SequentialBlock}, {@link ParallelBlock}, {@link Conv2d}, {@link BatchNorm},
 * {@link Activation} and {@link Linear}, and trained through DJL's own {@link Trainer} with DJL's SGD (lr 0.1,
 * momentum 0.9, weight decay 1e-4) and softmax cross-entropy. Nothing here is tuned: it is the reference point.
 */
public final class RawDjlResNetCifar {
    /** The name {@code pretrain4j benchmark --raw-djl} accepts. */
    public static final String NAME = "resnet18_cifar";

    private RawDjlResNetCifar() {}

    /**
     * Builds the network.
     *
     * @param numClasses outputs of the classifier
     * @return the uninitialised block, input {@code (N, 3, H, W)}, output logits {@code (N, numClasses)}
     */
    public static SequentialBlock resnet18(int numClasses) {
        SequentialBlock net = new SequentialBlock()
                .add(conv(64, 3, 1, 1))
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock());
        int in = 64;
        int[] widths = {64, 128, 256, 512};
        for (int stage = 0; stage < widths.length; stage++) {
            for (int b = 0; b < 2; b++) {
                int stride = stage > 0 && b == 0 ? 2 : 1;
                net.add(basicBlock(widths[stage], stride, stride != 1 || in != widths[stage]));
                in = widths[stage];
            }
        }
        return net.add(Pool.globalAvgPool2dBlock()).add(Linear.builder().setUnits(numClasses).build());
    }

    private static Block basicBlock(int width, int stride, boolean downsample) {
        SequentialBlock residual = new SequentialBlock()
                .add(conv(width, 3, stride, 1))
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(conv(width, 3, 1, 1))
                .add(BatchNorm.builder().build());
        Block shortcut = downsample
                ? new SequentialBlock().add(conv(width, 1, stride, 0)).add(BatchNorm.builder().build())
                : Blocks.identityBlock();
        return new SequentialBlock()
                .add(new ParallelBlock(branches -> new NDList(branches.get(0).singletonOrThrow()
                        .add(branches.get(1).singletonOrThrow())), List.of(residual, shortcut)))
                .add(Activation.reluBlock());
    }

    private static Conv2d conv(int filters, int kernel, int stride, int padding) {
        return Conv2d.builder().setFilters(filters).setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride)).optPadding(new Shape(padding, padding)).optBias(false).build();
    }

    /** The network inside DJL's Model and Trainer, stepped as DJL's EasyTrain.trainBatch does. */
    static final class DjlWorkload implements Workload {
        private final Model model;
        private final Trainer trainer;
        private final boolean train;
        private final SyntheticBatch batch;
        private final long flops;

        DjlWorkload(Shape batchShape, int numClasses, boolean train) {
            this.train = train;
            this.model = Model.newInstance("raw-djl-" + NAME);
            model.setBlock(resnet18(numClasses));
            Optimizer sgd = Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.1f)).optMomentum(0.9f)
                    .optWeightDecays(1e-4f).build();
            this.trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(sgd));
            trainer.initialize(batchShape);
            this.batch = new SyntheticBatch(trainer.getManager(), batchShape, numClasses);
            this.flops = FlopCounter.forwardFlopsPerImage(model.getBlock());
        }

        @Override
        public void step(NDManager step, StepClock clock) {
            long start = System.nanoTime();
            NDList xy = batch.copyTo(step);
            NDList data = new NDList(xy.get(0));
            NDList labels = new NDList(xy.get(1));
            long forwardStart = System.nanoTime();
            clock.data = forwardStart - start;
            if (!train) {
                trainer.evaluate(data);
                clock.forward = System.nanoTime() - forwardStart;
                return;
            }
            long forwardEnd;
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDList predictions = trainer.forward(data, labels);
                NDArray loss = trainer.getLoss().evaluate(labels, predictions);
                forwardEnd = System.nanoTime();
                collector.backward(loss);
            }
            long backwardEnd = System.nanoTime();
            trainer.step();
            clock.forward = forwardEnd - forwardStart;
            clock.backward = backwardEnd - forwardEnd;
            clock.optimizer = System.nanoTime() - backwardEnd;
        }

        @Override
        public long parameters() {
            return ModuleTree.countParameters(model.getBlock());
        }

        @Override
        public long forwardFlopsPerImage() {
            return flops;
        }

        @Override
        public String optimizer() {
            return train ? "DJL Sgd lr 0.1 momentum 0.9 weight_decay 1e-4 (DJL Trainer)" : "-";
        }

        @Override
        public NDManager manager() {
            return trainer.getManager();
        }

        @Override
        public void close() {
            batch.close();
            trainer.close();
            model.close();
        }
    }
}

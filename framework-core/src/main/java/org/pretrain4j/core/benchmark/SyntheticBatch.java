package org.pretrain4j.core.benchmark;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * A fixed random batch, standard-normal images and uniform int64 labels, handed out as fresh copies in each step's
 * manager. Copies, because an op's result joins its first operand's manager: layers fed a long-lived array would
 * attach their outputs to the long-lived manager and leak one activation per step.
 */
final class SyntheticBatch implements AutoCloseable {
    private final NDManager manager;
    private final NDArray images;
    private final NDArray labels;

    SyntheticBatch(NDManager parent, Shape batchShape, int numClasses) {
        this.manager = parent.newSubManager();
        this.images = manager.randomNormal(batchShape);
        this.labels = manager.randomInteger(0, Math.max(1, numClasses), new Shape(batchShape.get(0)), DataType.INT64);
    }

    /** Copies of the images and the labels, owned by {@code step}. */
    NDList copyTo(NDManager step) {
        NDArray x = images.duplicate();
        x.attach(step);
        NDArray y = labels.duplicate();
        y.attach(step);
        return new NDList(x, y);
    }

    /** {@code count} copies of the images, the views a self-supervised model takes, owned by {@code step}. */
    NDList views(NDManager step, int count) {
        NDList views = new NDList(count);
        for (int i = 0; i < count; i++) {
            NDArray x = images.duplicate();
            x.attach(step);
            views.add(x);
        }
        return views;
    }

    @Override
    public void close() {
        manager.close();
    }
}

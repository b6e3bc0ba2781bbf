package org.pretrain4j.core.benchmark;

import ai.djl.ndarray.NDManager;

/** One benchmarked step, repeated: a model with its data and, when training, its optimizer. */
interface Workload extends AutoCloseable {
    /**
     * Runs one step, creating everything it needs in {@code step}, and records the phases in {@code clock}.
     *
     * @param step the step's manager, closed by the caller right after
     * @param clock receives the phase times
     */
    void step(NDManager step, StepClock clock);

    /** The number of trainable or inference parameters, PyTorch-style (no running statistics). */
    long parameters();

    /** Forward FLOPs per image as counted by {@link FlopCounter}. */
    long forwardFlopsPerImage();

    /** A short description of the optimizer, or "-" for inference. */
    String optimizer();

    /** The manager whose children the steps run in. */
    NDManager manager();

    @Override
    void close();
}

package org.pretrain4j.core.benchmark;

/**
 * Where one step's time went, filled in by a {@link Workload}: nanoseconds spent getting the batch, in the forward
 * pass with the loss, in backward, and in the optimizer update with gradient zeroing. {@code loaderWait} is the
 * part of {@code data} spent blocked on the data loader (the rest turns host bytes into a tensor).
 */
final class StepClock {
    long data;
    long loaderWait;
    long forward;
    long backward;
    long optimizer;

    void reset() {
        data = 0;
        loaderWait = 0;
        forward = 0;
        backward = 0;
        optimizer = 0;
    }
}

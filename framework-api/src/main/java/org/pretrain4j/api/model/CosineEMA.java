package org.pretrain4j.api.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import org.pretrain4j.api.train.Hook;
import org.pretrain4j.api.train.RunInfo;

/**
 * mmpretrain's {@code CosineEMA} (BYOL, MoCo v3): an {@link ExponentialMovingAverage} whose momentum, in mmengine's
 * convention (the weight of the new value), anneals from {@code momentum} to {@code endMomentum} over the run:
 *
 * <pre>
 * m_k = end - (end - m0) * (cos(pi * k / K) + 1) / 2
 * ema = (1 - m_k) * ema + m_k * param
 * </pre>
 *
 * where {@code k} is the number of updates done before this one and {@code K} the run's total iterations
 * (mmengine reads {@code max_iters} from its message hub). Here it is a {@link Hook}: the trainer calls the hooks
 * among a model's blocks, so a {@code CosineEMA} anywhere in a self-supervised model learns {@code K} in
 * {@link #beforeTrain} without the algorithm's help; code that runs it outside a trainer calls {@link #setMaxIters}.
 * BYOL's default {@code base_momentum = 0.004} with {@code end_momentum = 0} is the paper's 0.996 annealed to 1.
 */
public class CosineEMA extends ExponentialMovingAverage implements Hook {
    private final double endMomentum;
    private long maxIters;

    /**
     * Wraps the copy.
     *
     * @param module the averaged copy, not initialised yet
     * @param momentum the starting momentum, in (0, 1); mmpretrain's default is 0.004
     * @param endMomentum the final momentum; mmpretrain's default is 0
     * @param interval average every this many updates
     * @param updateBuffers average running statistics too instead of copying them
     * @throws IllegalArgumentException for a momentum outside (0, 1), an end momentum outside [0, 1) or
     *     {@code interval < 1}
     */
    public CosineEMA(Block module, double momentum, double endMomentum, int interval, boolean updateBuffers) {
        super(module, momentum, interval, updateBuffers);
        if (!(endMomentum >= 0 && endMomentum < 1)) {
            throw new IllegalArgumentException("end_momentum must be in [0, 1), got " + endMomentum);
        }
        this.endMomentum = endMomentum;
    }

    /**
     * The momentum at the end of the run.
     *
     * @return the final momentum
     */
    public final double endMomentum() {
        return endMomentum;
    }

    /**
     * Sets the run's total iterations {@code K}; needed before the second {@link #update}.
     *
     * @param maxIters the total iterations, at least 1
     * @throws IllegalArgumentException if {@code maxIters < 1}
     */
    public final void setMaxIters(long maxIters) {
        if (maxIters < 1) {
            throw new IllegalArgumentException("maxIters must be >= 1, got " + maxIters);
        }
        this.maxIters = maxIters;
    }

    /**
     * Takes the run's total iterations from the trainer, as mmengine's message hub provides {@code max_iters}.
     *
     * @param info the run state
     */
    @Override
    public void beforeTrain(RunInfo info) {
        setMaxIters(info.maxIterations());
    }

    /**
     * The cosine schedule: {@code end - (end - start) * (cos(pi * step / maxIters) + 1) / 2}.
     *
     * @param start the starting momentum
     * @param end the final momentum
     * @param step the updates done so far
     * @param maxIters the run's total iterations
     * @return the momentum of this update
     */
    public static double momentumAt(double start, double end, long step, long maxIters) {
        double cosine = (Math.cos(Math.PI * step / (double) maxIters) + 1) / 2;
        return end - (end - start) * cosine;
    }

    /**
     * mmpretrain's {@code avg_func}: {@code averaged.mul_(1 - m).add_(source, alpha=m)} with the scheduled
     * {@code m}.
     *
     * @throws IllegalStateException if {@link #setMaxIters} was not called
     */
    @Override
    protected void average(NDArray averaged, NDArray source, long step, NDManager scratch) {
        if (maxIters == 0) {
            throw new IllegalStateException("CosineEMA needs the run's total iterations: call setMaxIters first");
        }
        double m = momentumAt(momentum(), endMomentum, step, maxIters);
        averaged.muli(1 - m).addi(source.mul(m));
    }
}

package org.pretrain4j.core.schedule;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import org.pretrain4j.api.train.ParamScheduler;

/**
 * The learning rate of every iteration of a run, from a {@code param_scheduler} list, in closed form (so a resumed
 * run needs no scheduler state).
 *
 * <p>Each scheduler has a position in its own stepping unit:
 * <ul>
 *   <li>epoch-based ({@code by_epoch}, not converted): the epoch {@code floor(iter / iters_per_epoch)}, so the value
 *       changes at epoch boundaries, as mmengine steps these after each epoch;</li>
 *   <li>converted ({@code convert_to_iter_based}): the iteration, in the window
 *       {@code [begin * iters_per_epoch, end * iters_per_epoch)}, with the scheduler's own epoch counts (milestones,
 *       step_size, T_max) multiplied by the iterations per epoch, as mmengine's {@code build_iter_from_epoch};</li>
 *   <li>iteration-based: the iteration.</li>
 * </ul>
 * {@code end = MAX} means until training ends: {@code ceil(max_iters / iters_per_epoch)} epochs (times
 * iters_per_epoch when converted) or {@code max_iters} iterations, as mmengine's runner fills a missing {@code end}.
 *
 * <p>Starting from the base value, the schedulers apply in list order, each to the value the earlier ones left:
 * before its window a scheduler leaves the value alone; inside it, it applies its closed form at
 * {@code t = position - begin}; after it, it keeps applying its value at the window's last step, since mmengine's
 * chained schedulers leave the value where they stopped. This equals mmengine's chained values whenever windows
 * that change the value do not overlap or the overlapping schedulers are multiplicative (LinearLR, MultiStepLR,
 * StepLR), which covers mmpretrain's recipes (warm-up then cosine, multi-step).
 *
 * <p>Built-in schedulers get exact step counts (see {@link WindowScheduler}); other {@link ParamScheduler}s get
 * {@link ParamScheduler#apply} with {@code t} and {@code length} in their unit, fractional epochs when converted.
 * A window that starts after training ends never applies.
 */
public final class LrSchedule {
    private final List<Entry> entries;
    private final int itersPerEpoch;
    private final long maxIters;

    /**
     * Composes the schedulers of a run.
     *
     * @param schedulers the schedulers in config order (may be empty: constant learning rate)
     * @param itersPerEpoch the iterations of one epoch, &gt; 0
     * @param maxIters the iterations of the whole run, &gt; 0
     */
    public LrSchedule(List<ParamScheduler> schedulers, int itersPerEpoch, long maxIters) {
        requireNonNull(schedulers, "schedulers is null");
        if (itersPerEpoch <= 0) {
            throw new IllegalArgumentException("itersPerEpoch must be > 0, got " + itersPerEpoch);
        }
        if (maxIters <= 0) {
            throw new IllegalArgumentException("maxIters must be > 0, got " + maxIters);
        }
        this.itersPerEpoch = itersPerEpoch;
        this.maxIters = maxIters;
        long maxEpochs = (maxIters + itersPerEpoch - 1) / itersPerEpoch;
        List<Entry> list = new ArrayList<>();
        for (ParamScheduler s : schedulers) {
            requireNonNull(s, "scheduler is null");
            boolean perIter = !s.byEpoch() || s.convertToIterBased();
            long scale = s.byEpoch() && s.convertToIterBased() ? itersPerEpoch : 1;
            long begin = s.begin() * scale;
            long end;
            if (s.end() == Integer.MAX_VALUE) {
                end = s.byEpoch() ? maxEpochs * scale : maxIters;
            } else {
                end = s.end() * scale;
            }
            list.add(new Entry(s, perIter, begin, end, scale));
        }
        this.entries = List.copyOf(list);
    }

    /**
     * The iterations of one epoch.
     *
     * @return iters per epoch
     */
    public int itersPerEpoch() {
        return itersPerEpoch;
    }

    /**
     * The iterations of the run.
     *
     * @return max iterations
     */
    public long maxIters() {
        return maxIters;
    }

    /**
     * The learning rate used by an iteration.
     *
     * @param base the optimizer's base learning rate
     * @param iter the iteration, 0-based
     * @return the scheduled learning rate
     */
    public double lr(double base, long iter) {
        if (iter < 0) {
            throw new IllegalArgumentException("iter must be >= 0, got " + iter);
        }
        long epoch = iter / itersPerEpoch;
        double value = base;
        for (Entry e : entries) {
            long position = e.perIter ? iter : epoch;
            long steps = e.end - e.begin;
            if (position < e.begin || steps <= 0) {
                continue;
            }
            long t = Math.min(position - e.begin, steps - 1);
            if (e.scheduler instanceof WindowScheduler w) {
                value = w.value(base, value, t, steps, e.scale);
            } else {
                value = e.scheduler.apply(base, value, (double) t / e.scale, (double) steps / e.scale);
            }
        }
        return value;
    }

    private record Entry(ParamScheduler scheduler, boolean perIter, long begin, long end, long scale) {}
}

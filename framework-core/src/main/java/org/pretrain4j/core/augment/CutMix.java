package org.pretrain4j.core.augment;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import java.util.random.RandomGenerator;
import org.pretrain4j.api.data.BatchAugment;

/**
 * mmpretrain's {@code CutMix}: per batch, draws {@code lam ~ Beta(alpha, alpha)}, a random permutation and one box,
 * and pastes the box of each partner image {@code x[perm]} into the image; targets become
 * {@code lam * t + (1 - lam) * t[perm]}.
 *
 * <p>The box, as in mmpretrain: side {@code int(H * sqrt(1 - lam))} by {@code int(W * sqrt(1 - lam))}, centre
 * uniform over the image, corners clipped to the image (so a box near an edge is smaller); or, with
 * {@code cutmix_minmax}, sides uniform in {@code [int(H * min), int(H * max))} and a position that keeps the box
 * inside. With {@code correct_lam} (and always with {@code cutmix_minmax}) {@code lam} is recomputed as one minus the
 * box's share of the image, so the targets match the pixels. Draw order: lam, permutation, box. Where mmpretrain's
 * numpy calls would fail on an empty range (a min/max range narrower than a pixel), the lower end is used.
 */
public final class CutMix implements BatchAugment {
    private final CutMixConfig config;

    /**
     * Creates the augment.
     *
     * @param config the Beta shape, box options and lam correction
     */
    public CutMix(CutMixConfig config) {
        this.config = requireNonNull(config, "config is null");
    }

    /**
     * A box {@code [y1, y2) x [x1, x2)} and the mixing ratio that goes with it.
     *
     * @param y1 top row, inclusive
     * @param y2 bottom row, exclusive
     * @param x1 left column, inclusive
     * @param x2 right column, exclusive
     * @param lam the weight of the original image's targets
     */
    record Box(int y1, int y2, int x1, int x2, double lam) {
        boolean isEmpty() {
            return y2 <= y1 || x2 <= x1;
        }
    }

    @Override
    public NDList apply(NDArray inputs, NDArray targets, RandomGenerator random) {
        BatchMixing.checkShapes("CutMix", inputs, targets);
        requireNonNull(random, "random is null");
        double lam = Sampling.beta(random, config.alpha(), config.alpha());
        long[] perm = Sampling.permutation(random, Math.toIntExact(inputs.getShape().get(0)));
        Box box = box(Math.toIntExact(inputs.getShape().get(2)), Math.toIntExact(inputs.getShape().get(3)), lam,
                random);
        return BatchMixing.inScratch(inputs, targets, scratch -> {
            NDArray index = scratch.create(perm);
            NDArray mixed = inputs.duplicate();
            if (!box.isEmpty()) {
                NDIndex patch = new NDIndex(":, :, {}:{}, {}:{}", box.y1(), box.y2(), box.x1(), box.x2());
                // Gather only the patch of the partners, not whole images.
                mixed.set(patch, BatchMixing.permuteRows(inputs.get(patch), index));
            }
            return new NDList(mixed, BatchMixing.mixTargets(targets, index, box.lam()));
        });
    }

    /**
     * Draws the box for an {@code h x w} image and corrects lam as configured.
     *
     * @param h image height
     * @param w image width
     * @param lam the drawn ratio
     * @param random the source
     * @return the box and the ratio to mix targets with
     */
    Box box(int h, int w, double lam, RandomGenerator random) {
        int y1;
        int y2;
        int x1;
        int x2;
        if (config.cutmixMinmax() != null) {
            double min = config.cutmixMinmax().get(0);
            double max = config.cutmixMinmax().get(1);
            int cutH = uniform(random, (int) (h * min), (int) (h * max));
            int cutW = uniform(random, (int) (w * min), (int) (w * max));
            y1 = uniform(random, 0, h - cutH);
            x1 = uniform(random, 0, w - cutW);
            y2 = y1 + cutH;
            x2 = x1 + cutW;
        } else {
            double ratio = Math.sqrt(1 - lam);
            int cutH = (int) (h * ratio);
            int cutW = (int) (w * ratio);
            int cy = random.nextInt(h);
            int cx = random.nextInt(w);
            y1 = clip(cy - cutH / 2, h);
            y2 = clip(cy + cutH / 2, h);
            x1 = clip(cx - cutW / 2, w);
            x2 = clip(cx + cutW / 2, w);
        }
        if (config.correctLam() || config.cutmixMinmax() != null) {
            lam = 1.0 - (double) (y2 - y1) * (x2 - x1) / ((double) h * w);
        }
        return new Box(y1, y2, x1, x2, lam);
    }

    /** numpy's {@code randint(lo, hi)}: uniform in {@code [lo, hi)}, or {@code lo} when the range is empty. */
    private static int uniform(RandomGenerator random, int lo, int hi) {
        return hi > lo ? random.nextInt(lo, hi) : lo;
    }

    private static int clip(int v, int size) {
        return Math.max(0, Math.min(size, v));
    }
}

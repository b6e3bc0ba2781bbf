package org.pretrain4j.data.transforms;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.pretrain4j.api.DataException;
import org.pretrain4j.api.data.Image;
import org.pretrain4j.api.data.Sample;
import org.pretrain4j.api.data.Transform;

/**
 * mmpretrain's {@code MultiView}: runs one or more pipelines on copies of the same sample and keeps the resulting
 * images as the sample's views, in order (all views of the first pipeline, then those of the second, ...). As in
 * mmpretrain only the images are kept: a mask generator belongs after {@code MultiView}, not inside a view pipeline.
 *
 * <p>Each view draws from its own generator, seeded from the sample's generator before any view is made, so the
 * views are independent of each other and still reproducible per sample and epoch; how many numbers one view's
 * pipeline consumes does not change the next view.
 */
public final class MultiView implements Transform {
    private final List<Integer> numViews;
    private final List<List<Transform>> pipelines;

    /**
     * Creates the transform.
     *
     * @param numViews views per pipeline, each at least 1
     * @param pipelines the pipelines, one per entry of {@code numViews}
     * @throws IllegalArgumentException if the two lists differ in length or a count is below 1
     */
    public MultiView(List<Integer> numViews, List<List<Transform>> pipelines) {
        this.numViews = List.copyOf(numViews);
        this.pipelines = pipelines.stream().map(List::copyOf).toList();
        if (this.numViews.size() != this.pipelines.size() || this.numViews.stream().anyMatch(n -> n < 1)) {
            throw new IllegalArgumentException("one positive view count per pipeline is needed, got " + numViews);
        }
    }

    /**
     * The number of views made per sample.
     *
     * @return the sum of the view counts
     */
    public int totalViews() {
        return numViews.stream().mapToInt(Integer::intValue).sum();
    }

    @Override
    public Sample apply(Sample sample, RandomGenerator random) {
        if (sample.viewCount() > 1) {
            throw new DataException(sample.describe() + ": MultiView got a sample that already has "
                    + sample.viewCount() + " views; use one MultiView with a pipeline per group of views");
        }
        int total = totalViews();
        long[] seeds = new long[total];
        for (int v = 0; v < total; v++) {
            seeds[v] = random.nextLong();
        }
        List<Image> views = new ArrayList<>(total);
        for (int g = 0; g < pipelines.size(); g++) {
            for (int k = 0; k < numViews.get(g); k++) {
                RandomGenerator viewRandom = new SplittableRandom(seeds[views.size()]);
                Sample s = sample;
                for (Transform t : pipelines.get(g)) {
                    s = t.apply(s, viewRandom);
                }
                if (s.image() == null) {
                    throw new DataException(sample.describe() + ": view pipeline " + (g + 1) + " left no image; "
                            + "put LoadImageFromFile before MultiView");
                }
                views.add(s.image());
            }
        }
        return sample.withViews(views);
    }
}

package org.pretrain4j.api.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One dataset item as it travels through the transform pipeline.
 *
 * <p>An item is either single-label ({@code label} is its class, {@code labelSet} is null) or multi-label
 * ({@code labelSet} holds its classes, possibly none, and {@code label} is -1), as mmpretrain's {@code gt_label} holds
 * one index or several. The loader turns a batch with multi-label items into dense multi-hot targets
 * {@code (N, classes)}; batches of single-label items keep class indices {@code (N)}.
 *
 * <p>Self-supervised pipelines add two things. {@code MultiView} turns one image into several views of it, as
 * mmpretrain's {@code results['img']} becomes a list: {@code image} is then the first view and {@code extraViews} the
 * others, and the loader stacks each view of a batch into its own {@code (N, C, H, W)} array. A transform placed after
 * {@code MultiView} sees only the first view through {@link #image()}. A mask generator attaches a {@link Mask}.
 * Single-view samples carry an empty list and no mask, and cost nothing extra.
 *
 * @param index the item's position in its dataset
 * @param image the image, or null until a loading transform ({@code LoadImageFromFile}) decodes {@code path}
 * @param label the class index, or -1 when the item has none or is multi-label
 * @param path the file the item came from, or null for items read from array files
 * @param labelSet the classes of a multi-label item, ascending and without repeats, or null for a single-label item;
 *     shared, not copied (like {@link Image#pixels()}), so it must not be modified
 * @param extraViews the views after the first ({@code image}), in order; empty for a single-view sample
 * @param mask the mask a mask generator made, or null
 */
public record Sample(int index, Image image, int label, String path, int[] labelSet, List<Image> extraViews,
        Mask mask) {
    /**
     * Checks that a multi-label item has no single label and no negative class, and that extra views come with a
     * first one.
     *
     * @param index the position
     * @param image the image or null
     * @param label the class index or -1
     * @param path the file or null
     * @param labelSet the classes of a multi-label item, or null
     * @param extraViews the views after the first, possibly empty; copied
     * @param mask the mask or null
     * @throws IllegalArgumentException if {@code labelSet} is given with a label other than -1 or holds a negative
     *     class, or if there are extra views but no image
     */
    public Sample {
        extraViews = List.copyOf(Objects.requireNonNull(extraViews, "extraViews is null"));
        if (!extraViews.isEmpty() && image == null) {
            throw new IllegalArgumentException("sample #" + index + " has extra views but no first view");
        }
        if (labelSet != null) {
            if (label != -1) {
                throw new IllegalArgumentException("a multi-label sample has label -1, got " + label);
            }
            for (int c : labelSet) {
                if (c < 0) {
                    throw new IllegalArgumentException("negative class " + c + " in the label set of sample #"
                            + index);
                }
            }
        }
    }

    /**
     * A single-label (or unlabelled) item.
     *
     * @param index the item's position in its dataset
     * @param image the image, or null until decoded
     * @param label the class index, or -1 when the item has none
     * @param path the file, or null
     */
    public Sample(int index, Image image, int label, String path) {
        this(index, image, label, path, null);
    }

    /**
     * A single-view item without a mask.
     *
     * @param index the item's position in its dataset
     * @param image the image, or null until decoded
     * @param label the class index, or -1 when the item is unlabelled or multi-label
     * @param path the file, or null
     * @param labelSet the classes of a multi-label item, or null
     */
    public Sample(int index, Image image, int label, String path, int[] labelSet) {
        this(index, image, label, path, labelSet, List.of(), null);
    }

    /**
     * A multi-label item.
     *
     * @param index the item's position in its dataset
     * @param image the image, or null until decoded
     * @param labelSet its classes, ascending and without repeats; empty for an item of no class
     * @param path the file, or null
     * @return the sample
     */
    public static Sample multiLabel(int index, Image image, int[] labelSet, String path) {
        return new Sample(index, image, -1, path, Objects.requireNonNull(labelSet, "labelSet is null"));
    }

    /**
     * Tells whether the item carries a set of classes rather than one class.
     *
     * @return true when {@link #labelSet()} is not null
     */
    public boolean isMultiLabel() {
        return labelSet != null;
    }

    /**
     * The same sample with another image (the first view); other views and the mask are kept.
     *
     * @param newImage the transformed image
     * @return a new sample
     */
    public Sample withImage(Image newImage) {
        return new Sample(index, newImage, label, path, labelSet, extraViews, mask);
    }

    /**
     * The same sample with a new set of views, as {@code MultiView} makes them.
     *
     * @param views the views in order, at least one; the first becomes {@link #image()}
     * @return a new sample
     * @throws IllegalArgumentException if {@code views} is empty or holds null
     */
    public Sample withViews(List<Image> views) {
        // Not views.contains(null): immutable lists throw on a null query.
        if (views.isEmpty() || views.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("a sample needs at least one view and no null views, got " + views);
        }
        return new Sample(index, views.get(0), label, path, labelSet, views.subList(1, views.size()), mask);
    }

    /**
     * All views: {@link #image()} followed by {@link #extraViews()}.
     *
     * @return the views; one element (possibly null before decoding) for a single-view sample
     */
    public List<Image> views() {
        List<Image> all = new ArrayList<>(1 + extraViews.size());
        all.add(image);
        all.addAll(extraViews);
        return all;
    }

    /**
     * The number of views.
     *
     * @return {@code 1 + extraViews().size()}
     */
    public int viewCount() {
        return 1 + extraViews.size();
    }

    /**
     * The same sample with a mask.
     *
     * @param newMask the mask, or null to drop it
     * @return a new sample
     */
    public Sample withMask(Mask newMask) {
        return new Sample(index, image, label, path, labelSet, extraViews, newMask);
    }

    /**
     * Names the sample in error messages.
     *
     * @return the path, or {@code sample #index}
     */
    public String describe() {
        return path != null ? path : "sample #" + index;
    }
}

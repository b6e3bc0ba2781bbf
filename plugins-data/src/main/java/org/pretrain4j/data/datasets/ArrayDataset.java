package org.pretrain4j.data.datasets;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.List;
import org.pretrain4j.api.DataException;
import org.pretrain4j.api.data.Dataset;
import org.pretrain4j.api.data.Image;
import org.pretrain4j.api.data.Sample;

/**
 * A dataset held entirely in memory: one byte array of HWC pixels for all images and one label per image. Reads
 * never change it, so {@link #get} is thread-safe without locks.
 */
public final class ArrayDataset implements Dataset {
    private final byte[] pixels;
    private final int[] labels;
    private final int height;
    private final int width;
    private final int channels;
    private final List<String> classes;
    private final String description;

    /**
     * Wraps decoded arrays; labels are checked against the class count.
     *
     * @param pixels {@code labels.length * height * width * channels} bytes, image after image, HWC
     * @param labels one class index per image
     * @param height rows per image
     * @param width columns per image
     * @param channels channels per image
     * @param classes the class names
     * @param description what {@link #describe()} returns
     * @throws DataException if a label is outside the class list
     */
    public ArrayDataset(byte[] pixels, int[] labels, int height, int width, int channels, List<String> classes,
            String description) {
        this.pixels = requireNonNull(pixels, "pixels is null");
        this.labels = requireNonNull(labels, "labels is null");
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.classes = List.copyOf(classes);
        this.description = requireNonNull(description, "description is null");
        if ((long) labels.length * height * width * channels != pixels.length) {
            throw new IllegalArgumentException(labels.length + " labels do not match " + pixels.length + " pixel bytes");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= this.classes.size()) {
                throw new DataException(description + ": label " + labels[i] + " of item " + i + " is outside the "
                        + this.classes.size() + " classes " + this.classes);
            }
        }
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public Sample get(int index) {
        if (index < 0 || index >= labels.length) {
            throw new IndexOutOfBoundsException("index " + index + " outside [0, " + labels.length + ")");
        }
        int n = height * width * channels;
        // A copy per item: transforms may keep or hand on the array, and the dataset must stay pristine.
        byte[] item = Arrays.copyOfRange(pixels, index * n, (index + 1) * n);
        return new Sample(index, new Image(height, width, channels, item), labels[index], null);
    }

    @Override
    public List<String> classes() {
        return classes;
    }

    @Override
    public String describe() {
        return description;
    }
}

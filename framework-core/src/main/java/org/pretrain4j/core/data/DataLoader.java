package org.pretrain4j.core.data;

import static java.util.Objects.requireNonNull;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.pretrain4j.api.DataException;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.data.Dataset;
import org.pretrain4j.api.data.Image;
import org.pretrain4j.api.data.Mask;
import org.pretrain4j.api.data.Sample;
import org.pretrain4j.api.data.Transform;

/**
 * Reads, transforms and collates batches in worker threads, keeping a few batches in flight so the model never waits.
 * The order of an epoch is a permutation seeded by {@code (seed, epoch)} and the randomness of each sample is
 * seeded by {@code (seed, epoch, index)}: batches are identical across runs, thread counts and resumes.
 */
public final class DataLoader implements AutoCloseable {
    private final Dataset dataset;
    private final List<Transform> pipeline;
    private final int batchSize;
    private final boolean shuffle;
    private final boolean dropLast;
    private final long seed;
    private final int prefetch;
    private final ExecutorService workers;

    /**
     * Creates a loader.
     *
     * @param dataset the samples
     * @param pipeline transforms applied to each sample in order
     * @param batchSize samples per batch
     * @param shuffle whether each epoch visits the samples in a seeded random order
     * @param dropLast whether to skip a final smaller batch
     * @param numWorkers loader threads (at least 1)
     * @param seed the run seed
     */
    public DataLoader(Dataset dataset, List<Transform> pipeline, int batchSize, boolean shuffle, boolean dropLast,
            int numWorkers, long seed) {
        this.dataset = requireNonNull(dataset, "dataset is null");
        this.pipeline = List.copyOf(pipeline);
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be positive");
        }
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.dropLast = dropLast;
        this.seed = seed;
        int threads = Math.max(1, numWorkers);
        this.prefetch = 2 * threads;
        this.workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "pretrain4j-loader");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The dataset.
     *
     * @return the dataset
     */
    public Dataset dataset() {
        return dataset;
    }

    /**
     * Batches per epoch.
     *
     * @return the count
     */
    public int batchesPerEpoch() {
        int n = dataset.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /**
     * Transforms one sample as it would be in a batch of the given epoch.
     *
     * @param index the dataset index
     * @param epoch the epoch whose randomness to use
     * @return the transformed sample
     */
    public Sample sample(int index, int epoch) {
        Sample s = dataset.get(index);
        SplittableRandom random = new SplittableRandom(Seeds.derive(seed, epoch, index));
        for (Transform t : pipeline) {
            s = t.apply(s, random);
        }
        if (s.image() == null) {
            throw new DataException(s.describe() + ": no image after the pipeline; add LoadImageFromFile to the "
                    + "dataset's pipeline");
        }
        return s;
    }

    /**
     * Iterates the batches of one epoch from a given batch on (to continue a resumed epoch).
     *
     * @param epoch the epoch, which seeds order and augmentation
     * @param firstBatch the batch to start at, 0 for a whole epoch
     * @return the batches, prepared ahead in worker threads
     */
    public Iterator<HostBatch> epoch(int epoch, int firstBatch) {
        int[] order = order(epoch);
        int total = batchesPerEpoch();
        return new Iterator<>() {
            private int next = firstBatch;
            private final ArrayDeque<Future<HostBatch>> inFlight = new ArrayDeque<>();

            private void fill() {
                while (inFlight.size() < prefetch && next < total) {
                    int b = next++;
                    inFlight.add(workers.submit(() -> collate(order, b, epoch)));
                }
            }

            @Override
            public boolean hasNext() {
                fill();
                return !inFlight.isEmpty();
            }

            @Override
            public HostBatch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                try {
                    return inFlight.poll().get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new Pretrain4jException("interrupted while loading data", e);
                } catch (ExecutionException e) {
                    inFlight.forEach(f -> f.cancel(true));
                    inFlight.clear();
                    if (e.getCause() instanceof Pretrain4jException p) {
                        throw p;
                    }
                    throw new DataException("loading " + dataset.describe() + " failed: " + e.getCause(), e.getCause());
                }
            }
        };
    }

    private int[] order(int epoch) {
        int n = dataset.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (shuffle) {
            SplittableRandom random = new SplittableRandom(Seeds.derive(seed, epoch, -1));
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }

    private HostBatch collate(int[] order, int batch, int epoch) {
        int from = batch * batchSize;
        int n = Math.min(batchSize, order.length - from);
        int[] labels = new int[n];
        int[] indices = new int[n];
        Sample[] samples = new Sample[n];
        boolean multiLabel = false;
        for (int i = 0; i < n; i++) {
            Sample s = sample(order[from + i], epoch);
            samples[i] = s;
            multiLabel |= s.isMultiLabel();
            labels[i] = s.label();
            indices[i] = s.index();
        }
        Image first = samples[0].image();
        byte[] pixels = stackView(samples, 0);
        float[] targets = multiLabel ? multiHot(samples) : null;
        int views = samples[0].viewCount();
        if (views == 1 && samples[0].mask() == null) {
            // The fast path: stackView checked the view counts, only masks are left to check.
            checkNoMasks(samples);
            return new HostBatch(pixels, n, first.channels(), first.height(), first.width(), labels, indices, targets);
        }
        List<HostBatch.View> extra = new ArrayList<>(views - 1);
        for (int k = 1; k < views; k++) {
            Image ref = samples[0].extraViews().get(k - 1);
            extra.add(new HostBatch.View(stackView(samples, k), ref.channels(), ref.height(), ref.width()));
        }
        return new HostBatch(pixels, n, first.channels(), first.height(), first.width(), labels, indices, targets,
                extra, stackMasks(samples));
    }

    private static Image view(Sample s, int k) {
        return k == 0 ? s.image() : s.extraViews().get(k - 1);
    }

    /** View {@code k} of every sample, HWC to CHW, one after the other. */
    private static byte[] stackView(Sample[] samples, int k) {
        Image ref = view(samples[0], k);
        int size = ref.pixels().length;
        byte[] out = new byte[samples.length * size];
        for (int i = 0; i < samples.length; i++) {
            Sample s = samples[i];
            if (s.viewCount() != samples[0].viewCount()) {
                throw mismatch(s, samples[0]);
            }
            Image img = view(s, k);
            if (img.height() != ref.height() || img.width() != ref.width() || img.channels() != ref.channels()) {
                throw new DataException(s.describe() + ": " + (k == 0 ? "image" : "view " + (k + 1)) + " is "
                        + shape(img) + " after the pipeline but the batch started with " + shape(ref)
                        + "; add a resize or crop so all images match");
            }
            toChw(img, out, i * size);
        }
        return out;
    }

    private static HostBatch.Masks stackMasks(Sample[] samples) {
        Mask ref = samples[0].mask();
        if (ref == null) {
            checkNoMasks(samples);
            return null;
        }
        int size = ref.values().length;
        byte[] out = new byte[samples.length * size];
        for (int i = 0; i < samples.length; i++) {
            Mask m = samples[i].mask();
            if (m == null || m.height() != ref.height() || m.width() != ref.width()) {
                throw new DataException(samples[i].describe() + ": its mask is " + (m == null ? "missing"
                        : m.height() + "x" + m.width()) + " but the batch started with a " + ref.height() + "x"
                        + ref.width() + " mask; every sample needs the same mask generator");
            }
            System.arraycopy(m.values(), 0, out, i * size, size);
        }
        return new HostBatch.Masks(out, ref.height(), ref.width());
    }

    private static void checkNoMasks(Sample[] samples) {
        for (Sample s : samples) {
            if (s.mask() != null) {
                throw mismatch(s, samples[0]);
            }
        }
    }

    private static DataException mismatch(Sample s, Sample first) {
        return new DataException(s.describe() + ": " + s.viewCount() + " view(s)" + (s.mask() != null ? " and a mask"
                : "") + " after the pipeline, but the batch started with " + first.viewCount() + " view(s)"
                + (first.mask() != null ? " and a mask" : "") + "; every sample must go through the same MultiView "
                + "and mask generator");
    }

    /**
     * Dense rows for a batch with multi-label samples: 1 for each class of a sample's label set; a single-label
     * sample in the same batch gets a one-hot row (an unlabelled one a zero row), as mmpretrain's
     * {@code label_to_onehot} would make it.
     */
    private float[] multiHot(Sample[] samples) {
        int classes = dataset.classes().size();
        if (classes == 0) {
            throw new DataException(dataset.describe() + ": multi-label samples need the dataset's class names, to "
                    + "know the width of the targets; set the dataset's classes");
        }
        float[] rows = new float[samples.length * classes];
        for (int i = 0; i < samples.length; i++) {
            Sample s = samples[i];
            int[] set = s.isMultiLabel() ? s.labelSet() : s.label() < 0 ? new int[0] : new int[] {s.label()};
            for (int c : set) {
                if (c >= classes) {
                    throw new DataException(s.describe() + ": class " + c + " is outside the dataset's " + classes
                            + " classes");
                }
                rows[i * classes + c] = 1f;
            }
        }
        return rows;
    }

    private static String shape(Image img) {
        return img.height() + "x" + img.width() + "x" + img.channels();
    }

    /** HWC to CHW; a no-op copy for one channel. */
    private static void toChw(Image img, byte[] out, int offset) {
        byte[] src = img.pixels();
        int c = img.channels();
        if (c == 1) {
            System.arraycopy(src, 0, out, offset, src.length);
            return;
        }
        int plane = img.height() * img.width();
        for (int p = 0; p < plane; p++) {
            for (int k = 0; k < c; k++) {
                out[offset + k * plane + p] = src[p * c + k];
            }
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}

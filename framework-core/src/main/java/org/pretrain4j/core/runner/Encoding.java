package org.pretrain4j.core.runner;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.function.UnaryOperator;
import me.tongfei.progressbar.ProgressBar;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.data.Dataset;
import org.pretrain4j.core.data.ClsDataPreprocessor;
import org.pretrain4j.core.data.DataLoader;
import org.pretrain4j.core.data.HostBatch;
import org.pretrain4j.core.retriever.Features;

/** Turns every image of a data loader into a feature vector: gallery encoding and {@code extract} share this. */
final class Encoding {
    private Encoding() {}

    /**
     * Encodes a loader's whole dataset, one row per item at its dataset index, with a progress bar.
     *
     * @param loader an unshuffled loader that visits every item
     * @param preprocessor normalises the batches
     * @param manager parent of the per-batch managers
     * @param embed preprocessed images {@code (N, C, H, W)} to features; outputs of more than two dimensions are
     *     flattened per image
     * @param task the progress bar's label
     * @return the features with the dataset's labels, classes and (for file datasets) paths
     */
    static Features encode(DataLoader loader, ClsDataPreprocessor preprocessor, NDManager manager,
            UnaryOperator<NDArray> embed, String task) {
        Dataset dataset = loader.dataset();
        int n = dataset.size();
        int[] labels = new int[n];
        int[] ids = new int[n];
        Arrays.fill(ids, -1);
        float[] values = null;
        int dim = 0;
        try (ProgressBar bar = Progress.bar(task, loader.batchesPerEpoch(), 0)) {
            Iterator<HostBatch> batches = loader.epoch(0, 0);
            while (batches.hasNext()) {
                HostBatch batch = batches.next();
                try (NDManager step = manager.newSubManager()) {
                    NDArray out = embed.apply(preprocessor.inputs(batch, step));
                    NDArray rows = out.reshape(batch.n(), -1);
                    if (values == null) {
                        dim = Math.toIntExact(rows.getShape().get(1));
                        values = new float[Math.multiplyExact(n, dim)];
                    }
                    float[] batchValues = rows.toFloatArray();
                    for (int i = 0; i < batch.n(); i++) {
                        int index = batch.indices()[i];
                        System.arraycopy(batchValues, i * dim, values, index * dim, dim);
                        labels[index] = batch.labels()[i];
                        ids[index] = index;
                    }
                }
                Progress.step(bar);
            }
        }
        if (values == null || Arrays.stream(ids).anyMatch(i -> i < 0)) {
            throw new Pretrain4jException(task + ": the loader did not visit every item of " + dataset.describe()
                    + "; set drop_last = false in its dataloader section");
        }
        return new Features(n, dim, values, labels, ids, dataset.classes(), paths(dataset));
    }

    /** The items' files, when the dataset reads files; an empty list for array datasets. */
    private static List<String> paths(Dataset dataset) {
        if (dataset.get(0).path() == null) {
            return List.of();
        }
        List<String> paths = new ArrayList<>(dataset.size());
        for (int i = 0; i < dataset.size(); i++) {
            paths.add(dataset.get(i).path());
        }
        return paths;
    }
}

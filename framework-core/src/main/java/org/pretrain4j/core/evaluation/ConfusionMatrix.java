package org.pretrain4j.core.evaluation;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.pretrain4j.api.evaluation.Metric;
import org.pretrain4j.api.evaluation.Predictions;
import org.pretrain4j.core.checkpoint.AtomicFiles;
import org.pretrain4j.core.plot.ConfusionMatrixChart;
import org.pretrain4j.core.plot.ImageFiles;

/**
 * mmpretrain's {@code ConfusionMatrix}: counts of (true class, predicted class) pairs, the prediction being the
 * highest-scored class (ties to the lower index).
 *
 * <p>mmpretrain returns the matrix as a tensor under {@code confusion_matrix/result}; our metric values are scalars,
 * and a {@code C x C} block of them would swamp {@code metrics.jsonl}, so {@link #compute()} returns no values. The
 * matrix of the last {@code compute()} is available from {@link #matrix()} and is written by
 * {@link #writeArtifacts} as {@value #PNG} (row-normalised shading, counts, class names) and {@value #CSV}.
 */
public final class ConfusionMatrix implements Metric {
    /** The picture's file name. */
    public static final String PNG = "confusion_matrix.png";
    /** The table's file name. */
    public static final String CSV = "confusion_matrix.csv";

    private final ConfusionMatrixConfig config;
    private long[][] counts;
    private long[][] last;

    /**
     * Creates the metric.
     *
     * @param config the expected class count
     */
    public ConfusionMatrix(ConfusionMatrixConfig config) {
        this.config = requireNonNull(config, "config is null");
    }

    @Override
    public void process(Predictions batch) {
        requireNonNull(batch, "batch is null");
        int expected = counts != null ? counts.length : config.numClasses();
        int c = MetricParams.checkBatch("ConfusionMatrix", batch, expected);
        if (counts == null) {
            counts = new long[c][c];
        }
        for (int i = 0; i < batch.size(); i++) {
            counts[batch.labels()[i]][MetricParams.argmax(batch, i)]++;
        }
    }

    /**
     * Closes the accumulated matrix (see {@link #matrix()}) and starts a new one.
     *
     * @return an empty map: the matrix is not a scalar
     */
    @Override
    public Map<String, Double> compute() {
        if (counts == null) {
            throw new IllegalStateException("ConfusionMatrix: no predictions were processed since the last compute()");
        }
        last = counts;
        counts = null;
        return Map.of();
    }

    /**
     * The matrix of the last {@link #compute()}.
     *
     * @return a copy, {@code [true class][predicted class]}
     * @throws IllegalStateException if {@code compute()} has not run yet
     */
    public long[][] matrix() {
        if (last == null) {
            throw new IllegalStateException("ConfusionMatrix: compute() has not run yet");
        }
        long[][] copy = new long[last.length][];
        for (int i = 0; i < last.length; i++) {
            copy[i] = last[i].clone();
        }
        return copy;
    }

    /**
     * Writes {@value #PNG} and {@value #CSV}, each atomically. Does nothing before the first {@code compute()}.
     *
     * @param dir an existing directory
     * @param classes class names; indices are used when the list is empty or its size differs from the matrix's
     * @return the files written
     * @throws UncheckedIOException if a file cannot be written
     */
    @Override
    public List<Path> writeArtifacts(Path dir, List<String> classes) {
        requireNonNull(dir, "dir is null");
        requireNonNull(classes, "classes is null");
        if (last == null) {
            return List.of();
        }
        List<String> labels = labels(classes, last.length);
        Path csv = dir.resolve(CSV);
        Path png = dir.resolve(PNG);
        try {
            AtomicFiles.writeString(csv, toCsv(last, labels));
            ImageFiles.writePng(ConfusionMatrixChart.render(last, labels), png);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the confusion matrix into " + dir + ": " + e.getMessage(), e);
        }
        return List.of(png, csv);
    }

    private static List<String> labels(List<String> classes, int n) {
        if (classes.size() == n) {
            return classes;
        }
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(Integer.toString(i));
        }
        return out;
    }

    /**
     * Formats the matrix as CSV: a header {@code true\predicted,<class>...}, then one row per true class.
     *
     * @param matrix the counts
     * @param labels the class names
     * @return the CSV text
     */
    static String toCsv(long[][] matrix, List<String> labels) {
        StringBuilder sb = new StringBuilder("true\\predicted");
        for (String l : labels) {
            sb.append(',').append(csvField(l));
        }
        sb.append('\n');
        for (int t = 0; t < matrix.length; t++) {
            sb.append(csvField(labels.get(t)));
            for (long v : matrix[t]) {
                sb.append(',').append(v);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String csvField(String s) {
        // RFC 4180 quoting, since class names such as "T-shirt/top" are free text and may hold commas.
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}

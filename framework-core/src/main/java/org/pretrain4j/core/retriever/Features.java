package org.pretrain4j.core.retriever;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pretrain4j.api.CheckpointException;
import org.pretrain4j.core.checkpoint.SafeTensors;

/**
 * Feature vectors of a set of images with what identifies them: the gallery (mmpretrain's {@code prototype}) or the
 * queries of a retrieval, and what {@code pretrain4j extract} writes.
 *
 * <p>The file format is safetensors with tensors {@code features} (F32, {@code (count, dim)}), {@code labels} (I64,
 * -1 where unknown) and {@code sample_idx} (I64, each row's index in its dataset), and metadata {@code format =
 * pretrain4j-features}, {@code classes} and, when every image came from a file, {@code paths} (JSON string lists),
 * plus whatever the writer adds (stage, config, checkpoint).
 *
 * @param count the number of vectors
 * @param dim the vector size
 * @param values {@code count * dim} values, row-major
 * @param labels {@code count} class indices, -1 where unknown
 * @param sampleIndices {@code count} dataset indices identifying the images
 * @param classes class names by index, possibly empty
 * @param paths the image files by row, or empty when the images were not files
 */
public record Features(int count, int dim, float[] values, int[] labels, int[] sampleIndices, List<String> classes,
        List<String> paths) {
    /** The {@code format} metadata value of feature files. */
    public static final String FORMAT = "pretrain4j-features";

    private static final String FEATURES = "features";
    private static final String LABELS = "labels";
    private static final String SAMPLE_IDX = "sample_idx";

    /**
     * Checks the sizes and copies the lists.
     *
     * @param count vectors
     * @param dim vector size
     * @param values the values
     * @param labels the labels
     * @param sampleIndices the dataset indices
     * @param classes the class names
     * @param paths the files, or empty
     */
    public Features {
        requireNonNull(values, "values is null");
        requireNonNull(labels, "labels is null");
        requireNonNull(sampleIndices, "sampleIndices is null");
        classes = List.copyOf(classes);
        paths = List.copyOf(paths);
        if (count < 0 || dim < 1 || values.length != (long) count * dim || labels.length != count
                || sampleIndices.length != count || !paths.isEmpty() && paths.size() != count) {
            throw new IllegalArgumentException("features: arrays do not match " + count + " x " + dim);
        }
    }

    /**
     * Unlabelled vectors numbered 0, 1, ..., e.g. a gallery written inline in a config.
     *
     * @param count vectors
     * @param dim vector size
     * @param values {@code count * dim} values, row-major
     * @return the features
     */
    public static Features unlabelled(int count, int dim, float[] values) {
        int[] none = new int[count];
        Arrays.fill(none, -1);
        int[] ids = new int[count];
        Arrays.setAll(ids, i -> i);
        return new Features(count, dim, values, none, ids, List.of(), List.of());
    }

    /**
     * Tells whether every vector has a label, as retrieval metrics need for the gallery and the queries.
     *
     * @return true when no label is -1
     */
    public boolean isLabelled() {
        return Arrays.stream(labels).allMatch(l -> l >= 0);
    }

    /**
     * The features as an array.
     *
     * @param manager where the array is created
     * @return {@code (count, dim)} float32
     */
    public NDArray toArray(NDManager manager) {
        return manager.create(values, new Shape(count, dim));
    }

    /**
     * Writes the features, atomically.
     *
     * @param file the safetensors file to create or replace
     * @param metadata extra string metadata, e.g. {@code stage} and {@code checkpoint}
     * @throws CheckpointException if the file cannot be written
     */
    public void write(Path file, Map<String, String> metadata) {
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.put("format", FORMAT);
        meta.put("classes", json(classes));
        if (!paths.isEmpty()) {
            meta.put("paths", json(paths));
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            tensors.put(FEATURES, toArray(manager));
            tensors.put(LABELS, manager.create(labels).toType(DataType.INT64, false));
            tensors.put(SAMPLE_IDX, manager.create(sampleIndices).toType(DataType.INT64, false));
            SafeTensors.write(file, tensors, meta);
        }
    }

    /**
     * Reads a file written by {@link #write}. A safetensors file holding only a {@code features} tensor (e.g. written
     * from Python) reads as unlabelled vectors numbered 0, 1, ...
     *
     * @param file the file
     * @return the features
     * @throws CheckpointException naming the file if it is unreadable or its tensors do not fit together
     */
    public static Features read(Path file) {
        try (NDManager manager = NDManager.newBaseManager()) {
            SafeTensors.Contents contents = SafeTensors.read(file, manager);
            NDArray features = contents.tensors().get(FEATURES);
            if (features == null || features.getShape().dimension() != 2) {
                throw new CheckpointException(file + ": expected a 2-D tensor 'features' (count, dim) as written by "
                        + "pretrain4j extract, found " + contents.tensors().keySet());
            }
            int count = Math.toIntExact(features.getShape().get(0));
            int dim = Math.toIntExact(features.getShape().get(1));
            Features plain = unlabelled(count, dim, features.toType(DataType.FLOAT32, false).toFloatArray());
            int[] labels = column(file, contents, LABELS, count, plain.labels());
            int[] ids = column(file, contents, SAMPLE_IDX, count, plain.sampleIndices());
            Map<String, String> meta = contents.metadata();
            List<String> paths = list(file, meta, "paths");
            if (!paths.isEmpty() && paths.size() != count) {
                throw new CheckpointException(file + ": metadata 'paths' lists " + paths.size() + " files for "
                        + count + " rows");
            }
            return new Features(count, dim, plain.values(), labels, ids, list(file, meta, "classes"), paths);
        }
    }

    private static int[] column(Path file, SafeTensors.Contents contents, String name, int count, int[] fallback) {
        NDArray a = contents.tensors().get(name);
        if (a == null) {
            return fallback;
        }
        if (!a.getShape().equals(new Shape(count))) {
            throw new CheckpointException(file + ": tensor '" + name + "' has shape " + a.getShape() + ", expected ("
                    + count + ") to match 'features'");
        }
        return a.toType(DataType.INT32, false).toIntArray();
    }

    /** Metadata values are strings; lists travel as JSON, which Typesafe Config writes and reads. */
    private static String json(List<String> values) {
        return ConfigValueFactory.fromIterable(values).render(ConfigRenderOptions.concise());
    }

    private static List<String> list(Path file, Map<String, String> meta, String key) {
        String value = meta.get(key);
        if (value == null) {
            return List.of();
        }
        try {
            return ConfigFactory.parseString("v = " + value).getStringList("v");
        } catch (ConfigException e) {
            throw new CheckpointException(file + ": metadata '" + key + "' is not a JSON list of strings: "
                    + e.getMessage(), e);
        }
    }
}

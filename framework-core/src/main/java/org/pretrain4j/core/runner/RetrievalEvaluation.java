package org.pretrain4j.core.runner;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.evaluation.Metric;
import org.pretrain4j.api.evaluation.RetrievalMetric;
import org.pretrain4j.core.data.ClsDataPreprocessor;
import org.pretrain4j.core.data.DataLoader;
import org.pretrain4j.core.data.HostBatch;
import org.pretrain4j.core.retriever.Features;
import org.pretrain4j.core.retriever.Gallery;
import org.pretrain4j.core.retriever.ImageToImageRetriever;
import org.pretrain4j.core.retriever.Similarity;

/**
 * Retrieval evaluation: queries are ranked against a gallery as deep as the deepest metric needs, relevance is
 * "same label", and the {@link RetrievalMetric}s receive the results a block of queries at a time, so that even a
 * full ranking of a large gallery never sits in memory at once.
 *
 * <pre>{@code
 * Features gallery = Features.read(Path.of("gallery.safetensors"));
 * Features queries = Features.read(Path.of("queries.safetensors"));
 * Map<String, Double> values = RetrievalEvaluation.evaluate(gallery, queries, Similarity.COSINE,
 *         List.of(new RetrievalRecall(new RetrievalRecallConfig(List.of(1, 5)))));
 * }</pre>
 */
public final class RetrievalEvaluation {
    private RetrievalEvaluation() {}

    /**
     * Evaluates saved query features against saved gallery features, e.g. two files from {@code pretrain4j extract}.
     *
     * @param gallery the gallery's vectors, labelled
     * @param queries the queries' vectors, labelled
     * @param similarity how queries are scored against gallery items
     * @param metrics retrieval metrics
     * @return the metrics' values, in metric order
     */
    public static Map<String, Double> evaluate(Features gallery, Features queries, Similarity similarity,
            List<Metric> metrics) {
        List<RetrievalMetric> retrieval = retrievalMetrics(metrics);
        requireLabels(queries, "the queries");
        try (NDManager manager = NDManager.newBaseManager(); Gallery g = new Gallery(gallery, similarity, manager)) {
            rank(g, queries.toArray(manager), queries.labels(), retrieval);
        }
        return compute(retrieval);
    }

    /**
     * The validation and test loop of a retriever: encodes the loader's images as queries and ranks the retriever's
     * gallery (prepared, or prepared again after training) for them.
     */
    static Map<String, Double> run(ImageToImageRetriever model, List<Metric> metrics, DataLoader loader,
            ParameterStore ps, ClsDataPreprocessor pre, NDManager manager, Runnable progress) {
        List<RetrievalMetric> retrieval = retrievalMetrics(metrics);
        Gallery gallery = model.gallery();
        Iterator<HostBatch> it = loader.epoch(0, 0);
        while (it.hasNext()) {
            HostBatch batch = it.next();
            requireLabels(batch.labels(), loader.dataset().describe());
            try (NDManager step = manager.newSubManager()) {
                rank(gallery, model.features(ps, pre.inputs(batch, step)), batch.labels(), retrieval);
            }
            progress.run();
        }
        return compute(retrieval);
    }

    /** Ranks one set of queries as deep as the metrics need and feeds every block of results to every metric. */
    private static void rank(Gallery gallery, NDArray queries, int[] labels, List<RetrievalMetric> metrics) {
        int depth = metrics.stream().mapToInt(RetrievalMetric::maxRank).max().orElseThrow();
        gallery.rankRelevance(queries, labels, depth, batch -> metrics.forEach(m -> m.process(batch)));
    }

    private static List<RetrievalMetric> retrievalMetrics(List<Metric> metrics) {
        if (metrics.isEmpty()) {
            throw new Pretrain4jException("retrieval evaluation needs metrics, e.g. { type = RetrievalRecall, "
                    + "topk = [1, 5] }");
        }
        for (Metric m : metrics) {
            if (!(m instanceof RetrievalMetric)) {
                throw new Pretrain4jException(m.getClass().getSimpleName() + " evaluates class scores, but an "
                        + "ImageToImageRetriever ranks a gallery; use RetrievalRecall or RetrievalAveragePrecision");
            }
        }
        return metrics.stream().map(RetrievalMetric.class::cast).toList();
    }

    private static void requireLabels(Features features, String what) {
        requireLabels(features.labels(), what);
    }

    private static void requireLabels(int[] labels, String what) {
        if (Arrays.stream(labels).anyMatch(l -> l < 0)) {
            throw new Pretrain4jException(what + " has unlabelled or multi-label items; retrieval metrics compare "
                    + "each query's one label with the gallery items' labels");
        }
    }

    private static Map<String, Double> compute(List<RetrievalMetric> metrics) {
        Map<String, Double> values = new LinkedHashMap<>();
        metrics.forEach(m -> values.putAll(m.compute()));
        return values;
    }
}

package org.pretrain4j.core.runner;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pretrain4j.api.DataException;
import org.pretrain4j.api.Kind;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.evaluation.Metric;
import org.pretrain4j.api.evaluation.Predictions;
import org.pretrain4j.api.model.TaskModel;
import org.pretrain4j.core.build.ComponentBuilder;
import org.pretrain4j.core.data.ClsDataPreprocessor;
import org.pretrain4j.core.data.DataLoader;
import org.pretrain4j.core.data.HostBatch;
import org.pretrain4j.core.retriever.ImageToImageRetriever;

/**
 * mmengine's ValLoop/TestLoop: runs a model in inference mode over a loader and feeds the scores to the metrics of
 * an {@code *_evaluator} section (one metric object or a list); a retriever's queries go to
 * {@link RetrievalEvaluation} instead.
 */
final class Evaluation {
    private final DataLoader loader;
    private final List<Metric> metrics;

    Evaluation(DataLoader loader, List<Metric> metrics) {
        this.loader = loader;
        this.metrics = List.copyOf(metrics);
    }

    static List<Metric> metrics(ConfigView root, String key, ComponentBuilder builder) {
        return builder.buildOneOrMany(Kind.METRIC, root, key);
    }

    DataLoader loader() {
        return loader;
    }

    List<Metric> metricList() {
        return metrics;
    }

    /** Receives each evaluated batch, e.g. to write a prediction file. */
    @FunctionalInterface
    interface BatchSink {
        /**
         * Takes one batch.
         *
         * @param batch the collated batch
         * @param predictions its scores and ground truth
         * @param labels the head's predicted labels: class indices {@code (N)}, or a 0/1 mask {@code (N, classes)}
         *     for a multi-label head; null when the model returns scores only
         */
        void accept(HostBatch batch, Predictions predictions, NDArray labels);
    }

    /**
     * Evaluates the model.
     *
     * @param model the model
     * @param ps the parameter store
     * @param pre the preprocessor
     * @param manager parent of the per-batch managers
     * @param perBatch receives each batch's predictions (for prediction files), may be null
     * @param progress called once per batch
     * @return the metrics' values, in metric order
     */
    Map<String, Double> run(TaskModel model, ParameterStore ps, ClsDataPreprocessor pre, NDManager manager,
            BatchSink perBatch, Runnable progress) {
        if (model instanceof ImageToImageRetriever retriever) {
            if (perBatch != null) {
                throw new Pretrain4jException("per-image prediction files list classes, but an ImageToImageRetriever "
                        + "ranks a gallery; use pretrain4j retrieve to see its matches");
            }
            return RetrievalEvaluation.run(retriever, metrics, loader, ps, pre, manager, progress);
        }
        Iterator<HostBatch> it = loader.epoch(0, 0);
        while (it.hasNext()) {
            HostBatch batch = it.next();
            try (NDManager step = manager.newSubManager()) {
                NDList out = model.predict(ps, new NDList(pre.inputs(batch, step)));
                NDArray scores = out.get(0);
                int classes = (int) scores.getShape().get(1);
                if (batch.targets() != null && batch.targetClasses() != classes) {
                    throw new DataException(loader.dataset().describe() + ": the multi-label targets have "
                            + batch.targetClasses() + " classes but the model scores " + classes
                            + "; make the head's num_classes match the dataset's classes");
                }
                Predictions p = new Predictions(batch.n(), classes, scores.toFloatArray(), batch.labels(),
                        batch.targets());
                metrics.forEach(m -> m.process(p));
                if (perBatch != null) {
                    perBatch.accept(batch, p, out.size() > 1 ? out.get(1) : null);
                }
            }
            progress.run();
        }
        Map<String, Double> values = new LinkedHashMap<>();
        metrics.forEach(m -> values.putAll(m.compute()));
        return values;
    }
}

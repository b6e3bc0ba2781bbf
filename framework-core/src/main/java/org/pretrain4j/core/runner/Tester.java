package org.pretrain4j.core.runner;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import me.tongfei.progressbar.ProgressBar;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.data.Sample;
import org.pretrain4j.api.evaluation.Predictions;
import org.pretrain4j.core.checkpoint.Checkpoints;
import org.pretrain4j.core.config.LoadedConfig;
import org.pretrain4j.core.data.HostBatch;
import org.pretrain4j.core.registry.ComponentRegistry;
import org.pretrain4j.core.registry.Provenance;

/** mmengine's test loop: a checkpoint evaluated on {@code test_dataloader} with {@code test_evaluator}. */
public final class Tester implements AutoCloseable {
    private final Session session;
    private final Evaluation evaluation;
    private final Path checkpoint;

    /**
     * Builds the model and test data of a config and loads a checkpoint's weights (strictly).
     *
     * @param config the loaded config
     * @param registry where type names are looked up
     * @param checkpoint the weights file
     */
    public Tester(LoadedConfig config, ComponentRegistry registry, Path checkpoint) {
        ConfigView root = config.view();
        // Before building: a missing plugin would otherwise surface as an unknown type in the config.
        if (Files.isRegularFile(checkpoint)) {
            Provenance.requirePlugins(checkpoint, Checkpoints.readMetadata(checkpoint), registry);
        }
        this.session = new Session(config, registry, root);
        this.evaluation = session.evaluation(root, "test_dataloader", "test_evaluator", "test_cfg");
        if (evaluation == null) {
            throw root.error("test_dataloader", "the config has no test_dataloader to test on");
        }
        this.checkpoint = checkpoint;
        Sample first = evaluation.loader().sample(0, 0);
        session.initialize(Session.viewShapes(first), evaluation.loader().dataset().classes(), false);
        session.loadWeights(checkpoint);
    }

    /**
     * Evaluates.
     *
     * @param predictionsCsv where to write one line per test image, or null: for a single-label head
     *     {@code index,label,pred_label,pred_class,pred_score}; for a multi-label head
     *     {@code index,gt_labels,pred_labels,pred_classes,pred_scores}, where each field lists the classes of the
     *     sample separated by spaces ({@code |} between class names) and the scores of the predicted classes
     * @return the metrics
     */
    public Map<String, Double> test(Path predictionsCsv) {
        try (BufferedWriter csv = predictionsCsv == null ? null : Files.newBufferedWriter(predictionsCsv);
                ProgressBar bar = Progress.bar("test", evaluation.loader().batchesPerEpoch(), 0)) {
            PredictionsCsv rows = csv == null ? null : new PredictionsCsv(csv, session.classes());
            return evaluation.run(session.model(), new ParameterStore(session.manager(), false),
                    session.preprocessor(), session.manager(), rows, () -> Progress.step(bar));
        } catch (IOException | UncheckedIOException e) {
            throw new Pretrain4jException("cannot write predictions to " + predictionsCsv + ": " + e.getMessage(), e);
        }
    }

    /** Writes the prediction file; its header follows the head's kind, known from the first batch. */
    private static final class PredictionsCsv implements Evaluation.BatchSink {
        private final BufferedWriter out;
        private final List<String> classes;
        private boolean started;

        PredictionsCsv(BufferedWriter out, List<String> classes) {
            this.out = out;
            this.classes = classes;
        }

        @Override
        public void accept(HostBatch batch, Predictions p, NDArray labels) {
            boolean multiLabel = labels != null && labels.getShape().dimension() == 2;
            long[] mask = multiLabel ? labels.toLongArray() : null;
            try {
                if (!started) {
                    out.write(multiLabel ? "index,gt_labels,pred_labels,pred_classes,pred_scores\n"
                            : "index,label,pred_label,pred_class,pred_score\n");
                    started = true;
                }
                for (int i = 0; i < p.size(); i++) {
                    out.write(multiLabel ? multiLabelRow(batch.indices()[i], p, i, mask) : row(batch.indices()[i], p, i));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private String row(int index, Predictions p, int i) {
            int best = 0;
            for (int c = 1; c < p.numClasses(); c++) {
                best = p.score(i, c) > p.score(i, best) ? c : best;
            }
            return String.format(Locale.ROOT, "%d,%d,%d,%s,%.6f%n", index, p.labels()[i], best, quoted(name(best)),
                    p.score(i, best));
        }

        private String multiLabelRow(int index, Predictions p, int i, long[] mask) {
            StringJoiner gt = new StringJoiner(" ");
            StringJoiner pred = new StringJoiner(" ");
            StringJoiner names = new StringJoiner("|");
            StringJoiner scores = new StringJoiner(" ");
            for (int c = 0; c < p.numClasses(); c++) {
                if (p.target(i, c) == 1f) {
                    gt.add(Integer.toString(c));
                }
                if (mask[i * p.numClasses() + c] != 0) {
                    pred.add(Integer.toString(c));
                    names.add(name(c));
                    scores.add(String.format(Locale.ROOT, "%.6f", p.score(i, c)));
                }
            }
            return index + "," + gt + "," + pred + "," + quoted(names.toString()) + "," + scores
                    + System.lineSeparator();
        }

        private String name(int c) {
            return c < classes.size() ? classes.get(c) : Integer.toString(c);
        }

        private static String quoted(String text) {
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
    }

    /**
     * The checkpoint under test.
     *
     * @return its path
     */
    public Path checkpoint() {
        return checkpoint;
    }

    @Override
    public void close() {
        evaluation.loader().close();
        session.close();
    }
}

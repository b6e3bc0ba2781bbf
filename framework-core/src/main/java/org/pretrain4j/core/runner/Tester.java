package org.pretrain4j.core.runner;

import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.data.Sample;
import org.pretrain4j.core.checkpoint.Checkpoints;
import org.pretrain4j.core.config.LoadedConfig;
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
        session.initialize(new Shape(1, first.image().channels(), first.image().height(), first.image().width()),
                evaluation.loader().dataset().classes());
        session.loadWeights(checkpoint);
    }

    /**
     * Evaluates.
     *
     * @param predictionsCsv where to write one line per test image ({@code index,label,pred,score}), or null
     * @return the metrics
     */
    public Map<String, Double> test(Path predictionsCsv) {
        try (BufferedWriter csv = predictionsCsv == null ? null : Files.newBufferedWriter(predictionsCsv);
                ProgressBar bar = Progress.bar("test", evaluation.loader().batchesPerEpoch(), 0)) {
            if (csv != null) {
                csv.write("index,label,pred_label,pred_class,pred_score\n");
            }
            List<String> classes = session.classes();
            return evaluation.run(session.model(), new ParameterStore(session.manager(), false),
                    session.preprocessor(), session.manager(), csv == null ? null : (batch, p) -> {
                        for (int i = 0; i < p.size(); i++) {
                            int best = 0;
                            for (int c = 1; c < p.numClasses(); c++) {
                                best = p.score(i, c) > p.score(i, best) ? c : best;
                            }
                            String name = best < classes.size() ? classes.get(best) : Integer.toString(best);
                            try {
                                csv.write(String.format(Locale.ROOT, "%d,%d,%d,\"%s\",%.6f%n", batch.indices()[i],
                                        p.labels()[i], best, name.replace("\"", "\"\""), p.score(i, best)));
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        }
                    }, () -> Progress.step(bar));
        } catch (IOException | UncheckedIOException e) {
            throw new Pretrain4jException("cannot write predictions to " + predictionsCsv + ": " + e.getMessage(), e);
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

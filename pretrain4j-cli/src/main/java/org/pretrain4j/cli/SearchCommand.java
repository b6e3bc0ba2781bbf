package org.pretrain4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.pretrain4j.api.Kind;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.evaluation.Metric;
import org.pretrain4j.core.build.ComponentBuilder;
import org.pretrain4j.core.config.ConfigLoader;
import org.pretrain4j.core.retriever.Features;
import org.pretrain4j.core.retriever.ImageToImageRetrieverFactory;
import org.pretrain4j.core.retriever.Similarity;
import org.pretrain4j.core.runner.RetrievalEvaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code search CONFIG --gallery FILE --queries FILE}: evaluates retrieval between two feature files with the
 * config's {@code test_evaluator}, like mmpretrain's {@code eval_metric.py} evaluates saved results.
 */
@Command(name = "search", description = "Rank a gallery feature file for every vector of a query feature file "
        + "(both from pretrain4j extract) and print the config's test_evaluator retrieval metrics.")
final class SearchCommand implements Callable<Integer> {
    @Parameters(paramLabel = "CONFIG", description = "A config whose test_evaluator lists retrieval metrics (and, for "
            + "an ImageToImageRetriever, its similarity_fn).")
    Path config;

    @Option(names = "--gallery", required = true, paramLabel = "FILE", description = "Gallery features.")
    Path gallery;

    @Option(names = "--queries", required = true, paramLabel = "FILE", description = "Query features.")
    Path queries;

    @Mixin
    Overrides overrides;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ConfigView root = new ConfigLoader().load(config, overrides.values).view();
        List<Metric> metrics = new ComponentBuilder(Registries.of(spec))
                .buildOneOrMany(Kind.METRIC, root, "test_evaluator");
        Similarity similarity = Similarity.COSINE;
        ConfigView model = root.getView("model");
        if (model.getString("type", "").equalsIgnoreCase(ImageToImageRetrieverFactory.NAME)) {
            similarity = Similarity.of(model.getEnum("similarity_fn", Similarity.COSINE.configName(),
                    Similarity.configNames().toArray(new String[0])));
        }
        Features g = Features.read(gallery);
        Features q = Features.read(queries);
        long start = System.nanoTime();
        Map<String, Double> values = RetrievalEvaluation.evaluate(g, q, similarity, metrics);
        double seconds = (System.nanoTime() - start) / 1e9;
        PrintWriter out = spec.commandLine().getOut();
        values.forEach((k, v) -> out.printf(Locale.ROOT, "%s: %.4f%n", k, v));
        out.printf(Locale.ROOT, "searched %d queries against %d gallery items (%d-d, %s) in %.2f s%n", q.count(),
                g.count(), g.dim(), similarity.configName(), seconds);
        return 0;
    }
}

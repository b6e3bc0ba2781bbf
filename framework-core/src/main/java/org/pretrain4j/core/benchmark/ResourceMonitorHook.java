package org.pretrain4j.core.benchmark;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.pretrain4j.api.train.Hook;
import org.pretrain4j.api.train.RunInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a long run for leaks: logs resident memory, open files and threads every {@code interval} iterations,
 * remembers them at {@code reference_iter}, and after the last iteration (its validation and checkpoint included)
 * logs how each changed since then and whether resident memory stayed within {@code max_rss_growth}. The figures are
 * the kernel's ({@link ProcessResources}), so native memory held by libtorch counts.
 */
public final class ResourceMonitorHook implements Hook {
    private static final Logger LOG = LoggerFactory.getLogger(ResourceMonitorHook.class);

    /**
     * The hook's settings.
     *
     * @param interval log the figures every this many iterations
     * @param referenceIter the iteration the end is compared with
     * @param maxRssGrowth the largest allowed growth of resident memory, as a fraction of the reference
     */
    public record Spec(int interval, int referenceIter, double maxRssGrowth) {}

    /**
     * The figures at the reference iteration and at the end, and what the end made of them.
     *
     * @param referenceIter the reference iteration
     * @param reference the figures then
     * @param endIter the last iteration
     * @param end the figures after it
     * @param rssGrowth resident memory at the end over the reference, minus one
     * @param withinLimit whether {@code rssGrowth} is at most the configured limit
     */
    public record Change(long referenceIter, ProcessResources reference, long endIter, ProcessResources end,
            double rssGrowth, boolean withinLimit) {
        /**
         * One line for a log.
         *
         * @param limit the configured limit, as a fraction
         * @return e.g. {@code from iteration 1000 to 20000: rss +0.4% (limit 5.0%: within), open files +0, ...}
         */
        public String describe(double limit) {
            return String.format(Locale.ROOT, "from iteration %d to %d: rss %+.1f%% (%.1f -> %.1f MiB; limit %.1f%%: "
                    + "%s), open files %+d, threads %+d (java %+d)", referenceIter, endIter, rssGrowth * 100,
                    reference.residentBytes() / 1048576.0, end.residentBytes() / 1048576.0, limit * 100,
                    withinLimit ? "within" : "EXCEEDED", end.openFiles() - reference.openFiles(),
                    end.threads() - reference.threads(), end.javaThreads() - reference.javaThreads());
        }
    }

    private final Spec spec;
    private final Supplier<ProcessResources> reader;
    private ProcessResources reference;
    private Change change;

    /**
     * Creates the hook.
     *
     * @param spec its settings
     * @param reader takes one reading; {@link ProcessResources#read()} outside tests
     */
    public ResourceMonitorHook(Spec spec, Supplier<ProcessResources> reader) {
        this.spec = requireNonNull(spec, "spec is null");
        this.reader = requireNonNull(reader, "reader is null");
    }

    @Override
    public void afterTrainIter(RunInfo info) {
        long iter = info.iteration();
        boolean isReference = iter == spec.referenceIter();
        if (!isReference && iter % spec.interval() != 0) {
            return;
        }
        ProcessResources now = reader.get();
        if (isReference) {
            reference = now;
        }
        LOG.info("resources at iteration {}{}: {}", iter, isReference ? " (reference)" : "", now.describe());
    }

    @Override
    public void afterTrain(RunInfo info) {
        ProcessResources end = reader.get();
        LOG.info("resources at the end, iteration {}: {}", info.iteration(), end.describe());
        if (reference == null) {
            LOG.info("resources: no reading at reference iteration {} in this run (it ended or resumed past it)",
                    spec.referenceIter());
            return;
        }
        // Without /proc (not Linux) the figures are -1: the growth is unknown, and unknown is not within the limit.
        double growth = reference.residentBytes() > 0 && end.residentBytes() > 0
                ? (double) end.residentBytes() / reference.residentBytes() - 1 : Double.NaN;
        change = new Change(spec.referenceIter(), reference, info.iteration(), end, growth,
                growth <= spec.maxRssGrowth());
        LOG.info("resources {}", change.describe(spec.maxRssGrowth()));
    }

    /**
     * The change from the reference to the end, once the run has ended.
     *
     * @return the change; empty before the end, or when the run never passed the reference iteration
     */
    public Optional<Change> change() {
        return Optional.ofNullable(change);
    }
}

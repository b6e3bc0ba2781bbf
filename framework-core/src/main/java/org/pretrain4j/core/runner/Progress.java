package org.pretrain4j.core.runner;

import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress bars for interactive runs. Without a console (CI, pipes, tests) there is no bar: the log lines carry the
 * same information without filling files with redraws.
 */
final class Progress {
    private static final boolean INTERACTIVE = System.console() != null
            && !"false".equalsIgnoreCase(System.getenv("PRETRAIN4J_PROGRESS"));

    private Progress() {}

    /** A bar, or null when not interactive (try-with-resources accepts null). */
    static ProgressBar bar(String task, long total, long initial) {
        if (!INTERACTIVE) {
            return null;
        }
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(total).startsFrom(initial,
                java.time.Duration.ZERO).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
                .showSpeed().setUnit(" it", 1).continuousUpdate().build();
    }

    static void update(ProgressBar bar, double loss, double lr) {
        if (bar != null) {
            bar.step();
            bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f lr %.3g", loss, lr));
        }
    }

    static void step(ProgressBar bar) {
        stepBy(bar, 1);
    }

    static void stepBy(ProgressBar bar, long n) {
        if (bar != null) {
            bar.stepBy(n);
        }
    }
}

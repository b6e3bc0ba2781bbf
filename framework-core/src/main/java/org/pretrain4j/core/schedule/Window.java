package org.pretrain4j.core.schedule;

import java.util.List;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;

/**
 * The window keys every scheduler shares, as mmengine's {@code _ParamScheduler}: active on {@code [begin, end)},
 * counted in epochs when {@code by_epoch}, stepped every iteration when also {@code convert_to_iter_based}.
 *
 * @param begin the first active step
 * @param end the first step past the window, {@link Integer#MAX_VALUE} for "until training ends"
 * @param byEpoch whether begin and end count epochs
 * @param convertToIterBased whether an epoch window is stepped per iteration
 */
public record Window(int begin, int end, boolean byEpoch, boolean convertToIterBased) {
    /** Documentation of the window keys, in the order {@code describe} shows them. */
    public static final List<ParamDoc> DOCS = List.of(
            ParamDoc.optional("begin", "int", "0", "First epoch (or iteration when by_epoch = false) the scheduler is active."),
            ParamDoc.optional("end", "int", "null", "First epoch (or iteration) past the window; null means until training ends (max_epochs / max_iters)."),
            ParamDoc.optional("by_epoch", "bool", "true", "Whether begin, end and the scheduler's own step counts are epochs."),
            ParamDoc.optional("convert_to_iter_based", "bool", "false", "Step an epoch-based scheduler every iteration (its epoch counts are multiplied by the iterations per epoch)."));

    /**
     * Checks the window.
     *
     * @param begin the first step
     * @param end the end
     * @param byEpoch epochs or iterations
     * @param convertToIterBased per-iteration stepping
     * @throws IllegalArgumentException if begin is negative, end is not past begin, or conversion is asked of an
     *     iteration-based window
     */
    public Window {
        if (begin < 0) {
            throw new IllegalArgumentException("begin must be >= 0, got " + begin);
        }
        if (end <= begin) {
            throw new IllegalArgumentException("end should be larger than begin, but got begin=" + begin + ", end=" + end);
        }
        if (convertToIterBased && !byEpoch) {
            throw new IllegalArgumentException("convert_to_iter_based needs by_epoch = true");
        }
    }

    /**
     * The window of a scheduler active for the whole run, by epoch.
     *
     * @return {@code [0, MAX)}, by epoch, not converted
     */
    public static Window all() {
        return new Window(0, Integer.MAX_VALUE, true, false);
    }

    /**
     * Reads the window keys, with config errors naming the key.
     *
     * @param config the scheduler's config
     * @return the window
     */
    public static Window read(ConfigView config) {
        int begin = config.getInt("begin", 0);
        if (begin < 0) {
            throw config.error("begin", "expected an integer >= 0, got " + begin);
        }
        int end = config.has("end") ? config.getInt("end") : Integer.MAX_VALUE;
        if (end <= begin) {
            throw config.error("end", "end should be larger than begin, but got begin=" + begin + ", end=" + end);
        }
        boolean byEpoch = config.getBoolean("by_epoch", true);
        boolean convert = config.getBoolean("convert_to_iter_based", false);
        if (convert && !byEpoch) {
            throw config.error("convert_to_iter_based", "only an epoch-based scheduler (by_epoch = true) can be "
                    + "converted to iteration-based");
        }
        return new Window(begin, end, byEpoch, convert);
    }

    /**
     * Tells whether the window runs until training ends.
     *
     * @return true when {@code end} is {@link Integer#MAX_VALUE}
     */
    public boolean open() {
        return end == Integer.MAX_VALUE;
    }
}

package org.pretrain4j.core.plot;

import java.util.Locale;

/**
 * "Nice" axis ticks (steps of 1, 2 or 5 times a power of ten, after Heckbert's Graphics Gems algorithm) and their
 * labels, so that axes read 0, 0.2, 0.4 rather than 0.0173, 0.2154.
 *
 * @param lo the axis start, a multiple of {@code step} at or below the data minimum
 * @param hi the axis end, a multiple of {@code step} at or above the data maximum
 * @param step the distance between ticks
 */
record Ticks(double lo, double hi, double step) {

    /**
     * Chooses ticks covering {@code [min, max]}.
     *
     * @param min the smallest finite data value
     * @param max the largest finite data value
     * @param target roughly how many ticks to draw
     * @return the ticks
     */
    static Ticks covering(double min, double max, int target) {
        if (!(max > min)) {
            // A flat series still needs an axis with some height; centre the value in it.
            double pad = min == 0 ? 1 : Math.abs(min) * 0.05;
            min -= pad;
            max += pad;
        }
        double range = nice(max - min, false);
        double step = nice(range / Math.max(1, target - 1), true);
        double lo = Math.floor(min / step) * step;
        double hi = Math.ceil(max / step) * step;
        return new Ticks(lo, hi, step);
    }

    private static double nice(double x, boolean round) {
        double exp = Math.floor(Math.log10(x));
        double f = x / Math.pow(10, exp);
        double nf;
        if (round) {
            nf = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
        } else {
            nf = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
        }
        return nf * Math.pow(10, exp);
    }

    /**
     * The tick values from {@link #lo} to {@link #hi}.
     *
     * @return the values
     */
    double[] values() {
        // Multiples of step inside [lo, hi]; lo and hi need not be multiples themselves (a tight x axis).
        double first = Math.ceil(lo / step - 1e-9) * step;
        int n = Math.max(0, (int) Math.floor((hi - first) / step + 1e-9) + 1);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = first + i * step;
            if (Math.abs(v[i]) < step * 1e-9) {
                v[i] = 0; // avoid "-0.0" from accumulated rounding
            }
        }
        return v;
    }

    /**
     * Formats a tick value with just enough digits to tell neighbouring ticks apart.
     *
     * @param v the value
     * @return the label
     */
    String label(double v) {
        double maxAbs = Math.max(Math.abs(lo), Math.abs(hi));
        if (v == 0) {
            return "0";
        }
        if (maxAbs < 1e-3 || maxAbs >= 1e6) {
            // Learning rates such as 1e-4: fixed notation would need many zeros.
            int digits = (int) Math.max(0, Math.floor(Math.log10(maxAbs)) - Math.floor(Math.log10(step)));
            return String.format(Locale.ROOT, "%." + Math.min(digits, 6) + "e", v);
        }
        if (step >= 100 && maxAbs >= 10_000 && v % 1000 == 0) {
            // Iteration counts: 12k reads faster than 12000 (and the whole axis uses one style).
            return String.format(Locale.ROOT, "%dk", Math.round(v / 1000));
        }
        if (step >= 100 && maxAbs >= 10_000 && v % 100 == 0) {
            return String.format(Locale.ROOT, "%.1fk", v / 1000);
        }
        int decimals = (int) Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
        return String.format(Locale.ROOT, "%." + Math.min(decimals, 8) + "f", v);
    }
}

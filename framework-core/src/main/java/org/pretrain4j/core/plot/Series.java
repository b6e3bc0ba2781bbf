package org.pretrain4j.core.plot;

import static java.util.Objects.requireNonNull;

import java.awt.Color;
import java.util.Arrays;

/** A growable list of {@code (iteration, value)} points with a name and a colour; not thread-safe. */
final class Series {
    private final String name;
    private final Color color;
    private long[] xs = new long[64];
    private double[] ys = new double[64];
    private int size;

    Series(String name, Color color) {
        this.name = requireNonNull(name, "name is null");
        this.color = requireNonNull(color, "color is null");
    }

    void add(long x, double y) {
        if (size == xs.length) {
            xs = Arrays.copyOf(xs, size * 2);
            ys = Arrays.copyOf(ys, size * 2);
        }
        xs[size] = x;
        ys[size] = y;
        size++;
    }

    String name() {
        return name;
    }

    Color color() {
        return color;
    }

    int size() {
        return size;
    }

    long x(int i) {
        return xs[i];
    }

    double y(int i) {
        return ys[i];
    }
}

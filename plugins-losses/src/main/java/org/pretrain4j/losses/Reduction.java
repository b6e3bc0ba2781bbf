package org.pretrain4j.losses;

import java.util.Locale;

/** How an element-wise loss is reduced, spelled as in mmpretrain's {@code reduction} argument. */
public enum Reduction {
    /** Keep the element-wise (or per-sample) losses. */
    NONE,
    /** Average over all elements, or divide the sum by {@code avg_factor} when one is given. */
    MEAN,
    /** Sum over all elements; cannot be combined with {@code avg_factor}. */
    SUM;

    /** The values a config may give, in the order {@code describe} shows them. */
    static final String[] CONFIG_VALUES = {"none", "mean", "sum"};

    /**
     * The spelling used in configs.
     *
     * @return {@code none}, {@code mean} or {@code sum}
     */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a config spelling.
     *
     * @param name {@code none}, {@code mean} or {@code sum}
     * @return the reduction
     * @throws IllegalArgumentException for any other value
     */
    public static Reduction fromConfig(String name) {
        for (Reduction r : values()) {
            if (r.configName().equals(name)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown reduction '" + name + "', expected none, mean or sum");
    }
}

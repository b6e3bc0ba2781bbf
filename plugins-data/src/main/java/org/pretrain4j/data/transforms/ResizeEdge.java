package org.pretrain4j.data.transforms;

import java.util.random.RandomGenerator;
import org.pretrain4j.api.data.Image;
import org.pretrain4j.api.data.Sample;
import org.pretrain4j.api.data.Transform;

/**
 * Resizes so that one edge has length {@code scale}, as mmpretrain's {@code ResizeEdge}: the other side becomes
 * {@code int(scale * other / this)}, truncated (at least 1, where mmpretrain would fail on a zero size).
 */
public final class ResizeEdge implements Transform {
    private final ResizeEdgeConfig config;

    /**
     * Creates the transform.
     *
     * @param config the config
     */
    public ResizeEdge(ResizeEdgeConfig config) {
        this.config = config;
    }

    @Override
    public Sample apply(Sample sample, RandomGenerator random) {
        Image img = sample.image();
        int h = img.height();
        int w = img.width();
        String edge = config.edge();
        boolean widthEdge = edge.equals("width") || (edge.equals("short") && w < h) || (edge.equals("long") && w > h);
        int s = config.scale();
        int newW = widthEdge ? s : Math.max(1, (int) ((double) s * w / h));
        int newH = widthEdge ? Math.max(1, (int) ((double) s * h / w)) : s;
        return sample.withImage(ImageOps.resize(img, newH, newW, config.interpolation()));
    }
}

package org.pretrain4j.selfsup.maskfeat;

/**
 * Typed config of {@link HOGGenerator}, with mmpretrain's keys and defaults (9 bins, 8 x 8 cells, 16-pixel Gaussian
 * window).
 *
 * @param nbins orientation bins over the full circle of gradient directions
 * @param pool side of the square cells, in pixels, whose histograms are summed
 * @param gaussianWindow side of the Gaussian window (standard deviation half of it) that weights the gradient
 *     magnitudes, tiled over the image; 0 for no weighting
 */
public record HOGGeneratorConfig(int nbins, int pool, int gaussianWindow) {
    /**
     * Checks the values.
     *
     * @param nbins the number of bins
     * @param pool the cell size
     * @param gaussianWindow the window size, or 0
     * @throws IllegalArgumentException if {@code nbins} or {@code pool} is below 1, or the window is negative
     */
    public HOGGeneratorConfig {
        if (nbins < 1) {
            throw new IllegalArgumentException("nbins must be >= 1, got " + nbins);
        }
        if (pool < 1) {
            throw new IllegalArgumentException("pool must be >= 1, got " + pool);
        }
        if (gaussianWindow < 0) {
            throw new IllegalArgumentException("gaussian_window must be >= 0 (0: no weighting), got "
                    + gaussianWindow);
        }
    }
}

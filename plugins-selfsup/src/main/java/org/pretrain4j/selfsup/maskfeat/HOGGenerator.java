package org.pretrain4j.selfsup.maskfeat;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.model.TargetGenerator;

/**
 * mmpretrain's {@code HOGGenerator}, MaskFeat's target generator: histograms of oriented gradients of the normalised
 * RGB image, per channel.
 *
 * <ol>
 *   <li>Reflect-pad by one pixel and take Sobel gradients per channel ({@code gx} with kernel
 *       {@code [[1, 0, -1], [2, 0, -2], [1, 0, -1]]}, {@code gy} with its transpose, as cross-correlations).</li>
 *   <li>Magnitude {@code sqrt(gx^2 + gy^2)}, phase {@code atan2(gx, gy) / pi * nbins} in {@code [-nbins, nbins]};
 *       each pixel votes its magnitude, weighted by a Gaussian window tiled over the image, into bin
 *       {@code floor(phase) mod nbins}.</li>
 *   <li>Sum the votes over {@code pool x pool} cells (trailing pixels that fill no cell are dropped) and
 *       L2-normalise each cell's histogram over the bins.</li>
 *   <li>Regroup the cells into 14 x 14 patches of {@code u x u} cells, {@code u = cellsWide / 14} (mmpretrain
 *       hard-codes the 14), each patch's features ordered (channel, bin, cell row, cell column).</li>
 * </ol>
 *
 * <p>Input {@code (N, 3, H, W)}; output {@code (N, (H / pool / u) * (W / pool / u), 3 * nbins * u * u)}, which is
 * {@code (N, 196, 108)} for 224-pixel images with the defaults. The Gaussian window needs a square image whose side
 * is a multiple of the window, as in mmpretrain. The block has no parameters; run it outside the gradient graph.
 */
public final class HOGGenerator extends AbstractBlock implements TargetGenerator {
    private static final byte VERSION = 1;
    /** The patch grid mmpretrain regroups cells into. */
    static final int PATCHES_PER_SIDE = 14;
    /** The horizontal Sobel kernel, and its transpose, once per RGB channel: weights (3, 1, 3, 3), groups 3. */
    private static final float[] SOBEL_X = perChannel(new float[] {1, 0, -1, 2, 0, -2, 1, 0, -1});
    private static final float[] SOBEL_Y = perChannel(new float[] {1, 2, 1, 0, 0, 0, -1, -2, -1});

    private final HOGGeneratorConfig config;
    private final float[] gaussian;

    /**
     * Creates the generator.
     *
     * @param config the typed config
     */
    public HOGGenerator(HOGGeneratorConfig config) {
        super(VERSION);
        this.config = requireNonNull(config, "config is null");
        this.gaussian = config.gaussianWindow() == 0 ? null
                : gaussianKernel(config.gaussianWindow(), config.gaussianWindow() / 2);
    }

    /**
     * The config this generator was built from.
     *
     * @return the config
     */
    public HOGGeneratorConfig config() {
        return config;
    }

    /**
     * mmpretrain's {@code get_gaussian_kernel} in float32 steps: {@code n = (i - mean) / std},
     * {@code w = exp(-0.5 n^2)}, the outer product {@code w w^T} divided by its sum, row-major.
     */
    static float[] gaussianKernel(int size, int std) {
        float mean = (size - 1) / 2f;
        float[] w = new float[size];
        for (int i = 0; i < size; i++) {
            float n = (i - mean) / std;
            w[i] = (float) Math.exp(-0.5f * (n * n));
        }
        float[] kernel = new float[size * size];
        double sum = 0;
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) {
                kernel[i * size + j] = w[i] * w[j];
                sum += kernel[i * size + j];
            }
        }
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] = (float) (kernel[i] / sum);
        }
        return kernel;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Geometry g = geometry(x.getShape());
        NDManager manager = x.getManager();
        int nbins = config.nbins();

        NDArray padded = reflectPad(x, g.height, g.width);
        NDArray gx = sobel(padded, manager.create(SOBEL_X, new Shape(3, 1, 3, 3)));
        NDArray gy = sobel(padded, manager.create(SOBEL_Y, new Shape(3, 1, 3, 3)));
        NDArray magnitude = gx.square().add(gy.square()).sqrt();
        NDArray phase = gx.atan2(gy).div((float) Math.PI).mul(nbins);
        if (gaussian != null) {
            int window = config.gaussianWindow();
            NDArray kernel = manager.create(gaussian, new Shape(window, window));
            long repeat = g.height / window;
            magnitude = magnitude.mul(repeat == 1 ? kernel : kernel.tile(new long[] {repeat, repeat}));
        }
        // Each pixel votes into exactly one bin: mmpretrain's scatter_add_ equals a one-hot mask times the magnitude.
        NDArray bin = phase.floor().mod(nbins).expandDims(2);
        NDArray ids = manager.arange(0f, nbins, 1f, DataType.FLOAT32).reshape(1, 1, nbins, 1, 1);
        NDArray votes = bin.eq(ids).toType(DataType.FLOAT32, false).mul(magnitude.expandDims(2));

        int pool = config.pool();
        long batch = g.batch;
        NDArray cells = votes.get(new NDIndex(":, :, :, :{}, :{}", g.cellsHigh * pool, g.cellsWide * pool))
                .reshape(batch, 3, nbins, g.cellsHigh, pool, g.cellsWide, pool).sum(new int[] {4, 6});
        cells = cells.div(cells.norm(new int[] {2}, true).maximum(1e-12f));

        long u = g.cellsPerPatch;
        long rows = g.cellsHigh / u;
        long cols = g.cellsWide / u;
        NDArray out = cells.reshape(batch, 3L * nbins, g.cellsHigh, g.cellsWide)
                .get(new NDIndex(":, :, :{}, :{}", rows * u, cols * u))
                .reshape(batch, 3L * nbins, rows, u, cols, u)
                .transpose(0, 2, 4, 1, 3, 5)
                .reshape(batch, rows * cols, 3L * nbins * u * u);
        return new NDList(out);
    }

    private static float[] perChannel(float[] kernel) {
        float[] out = new float[27];
        for (int c = 0; c < 3; c++) {
            System.arraycopy(kernel, 0, out, c * 9, 9);
        }
        return out;
    }

    private static NDArray sobel(NDArray padded, NDArray weight) {
        return Conv2d.conv2d(padded, weight, null, new Shape(1, 1), new Shape(0, 0), new Shape(1, 1), 3)
                .singletonOrThrow();
    }

    /** {@code F.pad(x, (1, 1, 1, 1), mode='reflect')}: mirror the second row/column outward, edges excluded. */
    private static NDArray reflectPad(NDArray x, long h, long w) {
        NDArray rows = NDArrays.concat(new NDList(x.get(":, :, 1:2"), x,
                x.get(new NDIndex(":, :, {}:{}", h - 2, h - 1))), 2);
        return NDArrays.concat(new NDList(rows.get(":, :, :, 1:2"), rows,
                rows.get(new NDIndex(":, :, :, {}:{}", w - 2, w - 1))), 3);
    }

    /** The sizes of one input, validated. */
    private record Geometry(long batch, long height, long width, long cellsHigh, long cellsWide, long cellsPerPatch) {}

    private Geometry geometry(Shape shape) {
        if (shape.dimension() != 4 || shape.get(1) != 3) {
            throw new Pretrain4jException(HOGGeneratorFactory.NAME + " expects RGB images (N, 3, H, W), got shape "
                    + shape);
        }
        long h = shape.get(2);
        long w = shape.get(3);
        if (h < 2 || w < 2) {
            throw new Pretrain4jException(HOGGeneratorFactory.NAME + " needs images of at least 2 x 2 pixels for its "
                    + "reflect padding, got " + h + " x " + w);
        }
        int window = config.gaussianWindow();
        if (window > 0 && (h != w || h % window != 0)) {
            throw new Pretrain4jException(HOGGeneratorFactory.NAME + " tiles its " + window + "-pixel Gaussian window "
                    + "over square images whose side is a multiple of it, got " + h + " x " + w
                    + "; change gaussian_window (0 turns the weighting off)");
        }
        long cellsHigh = h / config.pool();
        long cellsWide = w / config.pool();
        long u = cellsWide / PATCHES_PER_SIDE;
        if (u == 0 || cellsHigh < u) {
            throw new Pretrain4jException(HOGGeneratorFactory.NAME + " regroups its cells into " + PATCHES_PER_SIDE
                    + " patches per row, so images need at least " + PATCHES_PER_SIDE * config.pool()
                    + " pixels per side with pool = " + config.pool() + ", got " + h + " x " + w);
        }
        return new Geometry(shape.get(0), h, w, cellsHigh, cellsWide, u);
    }

    /**
     * The target shape.
     *
     * @param inputShapes {@code [(N, 3, H, W)]}
     * @return {@code [(N, patches, 3 * nbins * u * u)]}
     */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Geometry g = geometry(inputShapes[0]);
        long u = g.cellsPerPatch;
        return new Shape[] {new Shape(g.batch, (g.cellsHigh / u) * (g.cellsWide / u),
                3L * config.nbins() * u * u)};
    }
}

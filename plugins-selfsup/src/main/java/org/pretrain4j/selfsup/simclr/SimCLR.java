package org.pretrain4j.selfsup.simclr;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.model.AbstractSelfSupervisor;
import org.pretrain4j.api.model.Backbone;
import org.pretrain4j.api.model.LossDict;
import org.pretrain4j.api.model.Neck;
import org.pretrain4j.api.model.SelfSupervisor;

/**
 * mmpretrain's {@code SimCLR}: two views of each image go through backbone and neck as one batch, the embeddings are
 * L2-normalised, and each one must pick out its partner view among the other {@code 2N - 1} embeddings of the batch.
 *
 * <p>The layout is mmpretrain's exactly. The views are interleaved ({@code torch.stack(views, 1)} then reshaped to
 * {@code 2N}: row {@code 2i} is view 1 of image {@code i}, row {@code 2i + 1} its view 2). The embeddings
 * {@code z / (||z|| + 1e-10)} give the similarity matrix {@code s = z z^T} {@code (2N, 2N)}; with the diagonal
 * dropped, the positive of row {@code r} is its partner {@code r xor 1}, and the negatives are the other
 * {@code 2N - 2} columns in ascending order. {@link ContrastiveHead} turns {@code (pos, neg)} into the loss. There
 * is one process here, so mmpretrain's all-gather across GPUs is the identity.
 */
public final class SimCLR extends AbstractSelfSupervisor<ContrastiveHead> {
    /** mmpretrain's guard against dividing by a zero norm. */
    private static final float EPS = 1e-10f;

    /**
     * Assembles the algorithm.
     *
     * @param backbone the network being pre-trained
     * @param neck the projection (mmpretrain: {@code NonLinearNeck}); its first output is the embedding {@code (2N, d)}
     * @param head the contrastive head
     */
    public SimCLR(Backbone backbone, Neck neck, ContrastiveHead head) {
        super(backbone, requirePart(neck, "neck"), requirePart(head, "head"));
    }

    private static <T> T requirePart(T part, String name) {
        if (part == null) {
            throw new Pretrain4jException(SimCLRFactory.NAME + " needs a " + name);
        }
        return part;
    }

    /**
     * Computes mmpretrain's {@code loss} on a batch of two views.
     *
     * @param parameterStore where parameters are read from
     * @param inputs two views {@code (N, C, H, W)} (see {@link SelfSupervisor}); a mask, if any, is ignored
     * @param targets ignored
     * @return {@code loss}
     * @throws Pretrain4jException if the batch does not have exactly two views
     */
    @Override
    public LossDict loss(ParameterStore parameterStore, NDList inputs, NDList targets) {
        NDList views = SelfSupervisor.views(inputs);
        if (views.size() != 2) {
            throw new Pretrain4jException(SimCLRFactory.NAME + " needs two views of each image, got " + views.size()
                    + "; put { type = MultiView, num_views = 2, transforms = [...] } in the train pipeline");
        }
        NDArray images = interleave(views);
        NDArray z = neckFeatures(parameterStore, new NDList(images), true).get(0);
        NDList pairs = similarityPairs(z);
        return new LossDict().put("loss", head().loss(pairs.get(0), pairs.get(1)));
    }

    /**
     * {@code torch.stack(views, 1).reshape(2N, ...)}: the two views of each sample next to each other.
     *
     * @param views two arrays {@code (N, ...)} of equal shape
     * @return {@code (2N, ...)}, row {@code 2i + k} is view {@code k} of sample {@code i}
     * @throws Pretrain4jException if the shapes differ
     */
    public static NDArray interleave(NDList views) {
        Shape shape = views.get(0).getShape();
        if (!shape.equals(views.get(1).getShape())) {
            throw new Pretrain4jException(SimCLRFactory.NAME + " stacks its two views into one batch, so they must "
                    + "have the same shape; got " + shape + " and " + views.get(1).getShape()
                    + ". Crop both views to the same size.");
        }
        long[] dims = shape.getShape().clone();
        dims[0] = 2 * dims[0];
        return NDArrays.stack(views, 1).reshape(new Shape(dims));
    }

    /**
     * The positive and negative similarities of interleaved embeddings, as mmpretrain's {@code SimCLR.loss} selects
     * them from the similarity matrix.
     *
     * @param z embeddings {@code (2N, d)}, interleaved as {@link #interleave} makes them
     * @return {@code (pos (2N, 1), neg (2N, 2N - 2))}
     * @throws Pretrain4jException if {@code z} is not 2-D with an even number of rows
     */
    public static NDList similarityPairs(NDArray z) {
        Shape shape = z.getShape();
        if (shape.dimension() != 2 || shape.get(0) % 2 != 0 || shape.get(0) < 4) {
            throw new Pretrain4jException(SimCLRFactory.NAME + " needs embeddings (2N, d) with N >= 2 images, got "
                    + shape + "; the neck must end in a vector per image (e.g. with_avg_pool = true)");
        }
        NDArray unit = z.div(z.norm(new int[] {1}, true).add(EPS));
        NDArray s = unit.matMul(unit.transpose());
        int rows = (int) shape.get(0);
        NDManager m = z.getManager();
        long[] partner = new long[rows];
        long[] others = new long[rows * (rows - 2)];
        for (int r = 0; r < rows; r++) {
            partner[r] = r ^ 1;
            int k = 0;
            for (int c = 0; c < rows; c++) {
                if (c / 2 != r / 2) {
                    others[r * (rows - 2) + k++] = c;
                }
            }
        }
        NDArray pos = s.gather(m.create(partner, new Shape(rows, 1)), 1);
        NDArray neg = s.gather(m.create(others, new Shape(rows, rows - 2)), 1);
        return new NDList(pos, neg);
    }

    /**
     * Initialises on one view's shape: both views share backbone and neck, and the head sees
     * {@code (2N, 1)} and {@code (2N, 2N - 2)}.
     */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        super.initializeChildBlocks(manager, dataType, inputShapes[0]);
    }

    @Override
    protected void initializeHead(NDManager manager, DataType dataType, Shape[] inputShapes, Shape[] featureShapes) {
        long rows = 2 * featureShapes[0].get(0);
        head().initialize(manager, dataType, new Shape(rows, 1), new Shape(rows, Math.max(0, rows - 2)));
    }
}

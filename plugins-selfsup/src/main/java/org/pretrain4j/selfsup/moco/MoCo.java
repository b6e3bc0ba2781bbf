package org.pretrain4j.selfsup.moco;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.model.Backbone;
import org.pretrain4j.api.model.ExponentialMovingAverage;
import org.pretrain4j.api.model.LossDict;
import org.pretrain4j.api.model.Neck;
import org.pretrain4j.selfsup.SiameseSelfSupervisor;
import org.pretrain4j.selfsup.simclr.ContrastiveHead;

/**
 * mmpretrain's {@code MoCo} (v1 and v2, told apart by the neck): queries from the online backbone and neck, keys from
 * a momentum copy of them ({@code encoder_k}), and a queue of the keys of past batches as negatives.
 *
 * <p>One step, in mmpretrain's order:
 * <ol>
 *   <li>{@code q = normalize(neck(backbone(im_q))[0])} (L2 over the features, floor 1e-12 as {@code F.normalize});
 *   <li>{@code encoder_k} is updated from the online parts ({@code ema = (1 - m) ema + m param}, mmengine's
 *       convention: {@code momentum = 0.001} is the paper's 0.999; the first update copies);
 *   <li>{@code k = normalize(encoder_k(im_k)[0])}, without gradient. mmpretrain shuffles the key batch across GPUs
 *       around this forward pass so that batch norm cannot see which samples pair up; with one process the
 *       shuffle is undone exactly and batch statistics do not depend on order, so it is left out;
 *   <li>{@code l_pos = sum(q * k, 1)} {@code (N, 1)}, {@code l_neg = q @ queue} {@code (N, K)}, and
 *       {@link ContrastiveHead} gives the cross-entropy of {@code cat(l_pos, l_neg) / T} against class 0;
 *   <li>the keys replace the oldest queue columns: {@code queue[:, ptr:ptr + N] = k^T},
 *       {@code ptr = (ptr + N) % K}, which needs {@code K % N == 0} as in mmpretrain.
 * </ol>
 *
 * <p>{@code queue} {@code (feat_dim, K)} (random normal columns, L2-normalised) and {@code queue_ptr} (int64
 * {@code (1)}) are PyTorch buffers. Here they are parameters that need no gradient, saved in checkpoints under
 * those names; their type is {@link Parameter.Type#RUNNING_MEAN}, as for {@code SeesawLoss}'s buffer, which keeps
 * them out of PyTorch-style parameter counts and lets the trainer restore them with the batch-norm statistics when it
 * skips a non-finite step.
 */
public final class MoCo extends SiameseSelfSupervisor<ContrastiveHead> {
    /** {@code F.normalize}'s default floor of the norm. */
    private static final double NORM_EPS = 1e-12;

    private final ExponentialMovingAverage encoderK;
    private final int queueLen;
    private final int featDim;
    private final Parameter queue;
    private final Parameter queuePtr;

    /**
     * Assembles the algorithm.
     *
     * @param backbone the online backbone
     * @param neck the online projection to {@code feat_dim} features (MoCo v2: {@code MoCoV2Neck})
     * @param head the contrastive head (cross-entropy, temperature 0.2 in mmpretrain's configs)
     * @param encoderK the momentum copy, wrapping a {@code Sequential(backbone, neck)} of the same architecture;
     *     becomes the child {@code encoder_k}
     * @param queueLen the number {@code K} of queued negative keys
     * @param featDim the width of the embeddings
     * @throws IllegalArgumentException if {@code queueLen} or {@code featDim} is not positive
     */
    public MoCo(Backbone backbone, Neck neck, ContrastiveHead head, ExponentialMovingAverage encoderK, int queueLen,
            int featDim) {
        super(MoCoFactory.NAME, backbone, neck, head, "encoder_k", encoderK);
        if (queueLen < 1 || featDim < 1) {
            throw new IllegalArgumentException("queue_len and feat_dim must be positive, got " + queueLen + " and "
                    + featDim);
        }
        this.encoderK = encoderK;
        this.queueLen = queueLen;
        this.featDim = featDim;
        queue = addParameter(Parameter.builder().setName("queue").setType(Parameter.Type.RUNNING_MEAN)
                .optShape(new Shape(featDim, queueLen)).optRequiresGrad(false)
                .optInitializer((manager, shape, dataType) -> unitColumns(manager, shape, dataType)).build());
        queuePtr = addParameter(Parameter.builder().setName("queue_ptr").setType(Parameter.Type.RUNNING_MEAN)
                .optShape(new Shape(1)).optRequiresGrad(false)
                .optInitializer((manager, shape, dataType) -> manager.zeros(shape, DataType.INT64)).build());
    }

    /** {@code normalize(randn(feat_dim, K), dim=0)}, built in a scratch manager so only the result stays. */
    private static NDArray unitColumns(NDManager manager, Shape shape, DataType dataType) {
        try (NDManager scratch = manager.newSubManager()) {
            NDArray columns = scratch.randomNormal(0f, 1f, shape, dataType).normalize(2, 0, NORM_EPS);
            columns.attach(manager);
            return columns;
        }
    }

    /**
     * The momentum key encoder.
     *
     * @return the {@code encoder_k} child
     */
    public ExponentialMovingAverage encoderK() {
        return encoderK;
    }

    /**
     * The number of queued keys.
     *
     * @return {@code K}
     */
    public int queueLen() {
        return queueLen;
    }

    /**
     * The queue of negative keys, one unit column per key.
     *
     * @return the {@code queue} parameter {@code (feat_dim, K)}
     */
    public Parameter queue() {
        return queue;
    }

    /**
     * The column the next keys are written to.
     *
     * @return the {@code queue_ptr} parameter, int64 {@code (1)}
     */
    public Parameter queuePtr() {
        return queuePtr;
    }

    @Override
    protected LossDict loss(ParameterStore parameterStore, NDArray imQ, NDArray imK) {
        long batch = imQ.getShape().get(0);
        if (queueLen % batch != 0) {
            throw new Pretrain4jException(MoCoFactory.NAME + " writes whole batches of keys into its queue, so "
                    + "queue_len (" + queueLen + ") must be a multiple of the batch size (" + batch + ")");
        }
        NDArray q = normalize(project(parameterStore, imQ));
        updateTarget();
        NDArray k = normalize(projectTarget(parameterStore, imK));
        NDList pairs = similarities(q, k, queue.getArray());
        NDArray loss = head().loss(pairs.get(0), pairs.get(1));
        enqueue(k);
        return new LossDict().put("loss", loss);
    }

    /**
     * {@code F.normalize(x, dim=1)}.
     *
     * @param x embeddings {@code (N, C)}
     * @return unit rows
     */
    static NDArray normalize(NDArray x) {
        return x.normalize(2, 1, NORM_EPS);
    }

    /**
     * mmpretrain's logits inputs: {@code l_pos = einsum('nc,nc->n', q, k).unsqueeze(-1)} and
     * {@code l_neg = einsum('nc,ck->nk', q, queue.clone())}; the clone keeps the values the gradient needs when the
     * queue is overwritten in place after this step's loss, and lives in the queries' (the step's) manager.
     *
     * @param q unit queries {@code (N, C)}
     * @param k unit keys {@code (N, C)}, detached
     * @param queue the queue {@code (C, K)}
     * @return {@code (l_pos (N, 1), l_neg (N, K))}
     */
    static NDList similarities(NDArray q, NDArray k, NDArray queue) {
        NDArray pos = q.mul(k).sum(new int[] {1}, true);
        NDArray snapshot = queue.duplicate();
        snapshot.attach(q.getManager());
        return new NDList(pos, q.matMul(snapshot));
    }

    /**
     * mmpretrain's {@code _dequeue_and_enqueue}: writes the keys over the queue columns from {@code queue_ptr} on and
     * advances the pointer, wrapping at {@code K}.
     *
     * @param keys unit keys {@code (N, C)}, detached; {@code K} must be a multiple of {@code N}
     */
    void enqueue(NDArray keys) {
        long batch = keys.getShape().get(0);
        NDArray ptr = queuePtr.getArray();
        long at = ptr.getLong(0);
        queue.getArray().set(new NDIndex(":, {}:{}", at, at + batch), keys.transpose());
        // Written from a Java array: setting a Number would leave a scalar array in the model's manager each step.
        ptr.set(new long[] {(at + batch) % queueLen});
    }

    /** The head sees {@code l_pos (N, 1)} and {@code l_neg (N, K)}; the neck must give {@code feat_dim} features. */
    @Override
    protected void initializeHead(NDManager manager, DataType dataType, Shape[] inputShapes, Shape[] featureShapes) {
        Shape embedding = featureShapes[0];
        if (embedding.dimension() != 2 || embedding.get(1) != featDim) {
            throw new Pretrain4jException(MoCoFactory.NAME + " compares embeddings of feat_dim = " + featDim
                    + " features with its queue, but the neck gives " + embedding
                    + "; set feat_dim to the neck's out_channels");
        }
        long n = embedding.get(0);
        head().initialize(manager, dataType, new Shape(n, 1), new Shape(n, queueLen));
    }
}

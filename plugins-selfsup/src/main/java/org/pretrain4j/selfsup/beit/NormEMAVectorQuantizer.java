package org.pretrain4j.selfsup.beit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * mmpretrain's {@code NormEMAVectorQuantizer}, the quantizer of BEiT v2's tokenizer: every input vector is
 * L2-normalised and mapped to the index of its nearest codebook entry (squared distance, first index on ties), the
 * codebook being {@code num_embed} L2-normalised vectors of {@code embed_dims} kept by an exponential moving average
 * rather than by gradients.
 *
 * <p>Input {@code (B, L, embed_dims)} tokens (mmpretrain's {@code (B, C, h, w)} map, already flattened); output the
 * int64 code indices {@code (B, L)}. In a training pass ({@code training = true}, mmpretrain's {@code self.training})
 * the codebook is also updated, see {@link #emaUpdate}; BEiT pre-training runs its tokenizer with
 * {@code training = false}, so the codebook stays as loaded. The quantised vectors and the commitment loss
 * ({@code beta}) of the tokenizer's own training are not computed: nothing here trains a tokenizer.
 *
 * <p>State-dict keys as mmpretrain's: {@code embedding.weight} (the codebook, a frozen parameter) and the buffer
 * {@code cluster_size} (EMA of code counts, a {@link Parameter.Type#RUNNING_MEAN} here so that it is saved but not
 * trained or counted). Without a checkpoint the codebook starts as normalised standard-normal vectors, mmpretrain's
 * start without k-means; its k-means initialisation on the first batch is not implemented. mmpretrain also updates
 * {@code cluster_size} in eval passes; here only training passes do, which changes no output.
 */
public final class NormEMAVectorQuantizer extends AbstractBlock {
    private final int numEmbed;
    private final int embedDims;
    private final float decay;
    private final Codebook embedding;
    private final Parameter clusterSize;

    /**
     * Creates the quantizer.
     *
     * @param numEmbed the number of codebook vectors
     * @param embedDims their size
     * @param decay the EMA decay: {@code new = decay * old + (1 - decay) * batch}
     * @throws IllegalArgumentException if a size is not positive or the decay is outside {@code [0, 1]}
     */
    public NormEMAVectorQuantizer(int numEmbed, int embedDims, double decay) {
        super((byte) 1);
        if (numEmbed < 1 || embedDims < 1) {
            throw new IllegalArgumentException("num_embed and embed_dims must be positive, got " + numEmbed + " and "
                    + embedDims);
        }
        if (!(decay >= 0 && decay <= 1)) {
            throw new IllegalArgumentException("decay must be in [0, 1], got " + decay);
        }
        this.numEmbed = numEmbed;
        this.embedDims = embedDims;
        this.decay = (float) decay;
        embedding = addChildBlock("embedding", new Codebook(numEmbed, embedDims));
        clusterSize = addParameter(Parameter.builder().setName("cluster_size").setType(Parameter.Type.RUNNING_MEAN)
                .optShape(new Shape(numEmbed)).optInitializer(Initializer.ZEROS).optRequiresGrad(false).build());
    }

    /**
     * The codebook parameter.
     *
     * @return {@code embedding.weight} {@code (num_embed, embed_dims)}
     */
    public Parameter codebook() {
        return embedding.weight;
    }

    /**
     * The EMA of the code counts.
     *
     * @return {@code cluster_size} {@code (num_embed)}
     */
    public Parameter clusterSize() {
        return clusterSize;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray z = normalized(inputs.singletonOrThrow());
        Shape shape = z.getShape();
        NDArray flat = z.reshape(-1, embedDims);
        NDArray indices = nearest(flat, codebookCopy(parameterStore, flat.getManager()));
        if (training) {
            emaUpdate(flat, indices);
        }
        return new NDList(indices.reshape(shape.get(0), shape.get(1)));
    }

    /** F.normalize(x, p=2, dim=-1): divided by max(norm, 1e-12). */
    private static NDArray normalized(NDArray x) {
        return x.div(x.norm(new int[] {-1}, true).maximum(1e-12f));
    }

    /** The codebook's values as an array of the batch's manager, so no op result lands in the model's manager. */
    private NDArray codebookCopy(ParameterStore parameterStore, NDManager manager) {
        NDArray weight = parameterStore.getValue(embedding.weight, manager.getDevice(), false).duplicate();
        weight.attach(manager);
        return weight;
    }

    /**
     * The index of the nearest codebook entry of each row, by {@code |z|^2 + |e|^2 - 2 z.e}.
     *
     * @param flat normalised vectors {@code (M, D)}
     * @param codebook {@code (K, D)}
     * @return int64 {@code (M)}
     */
    static NDArray nearest(NDArray flat, NDArray codebook) {
        NDArray distances = flat.square().sum(new int[] {1}, true)
                .add(codebook.square().sum(new int[] {1}).expandDims(0))
                .sub(flat.matMul(codebook.transpose()).mul(2));
        return distances.argMin(1);
    }

    /**
     * mmpretrain's training-mode update, from one batch of normalised vectors and their codes:
     * {@code bins} = code counts, {@code cluster_size = decay * cluster_size + (1 - decay) * bins}; each used code's
     * mean vector, L2-normalised, is averaged into its entry, {@code e = normalize(decay * e + (1 - decay) * mean)},
     * while unused codes keep their entry (and are still renormalised).
     *
     * @param flat the normalised vectors {@code (M, D)}
     * @param indices their codes {@code (M)}
     */
    void emaUpdate(NDArray flat, NDArray indices) {
        NDManager manager = flat.getManager();
        NDArray weight = codebookCopy(new ParameterStore(manager, false), manager);
        NDArray onehot = indices.oneHot(numEmbed, DataType.FLOAT32);
        NDArray bins = onehot.sum(new int[] {0});
        NDArray clusters = bins.mul(1 - decay).add(valueOf(clusterSize, manager).mul(decay));
        // Unused codes divide by 1 instead of 0 and keep their entry (mmpretrain's masked_fill and torch.where).
        NDArray unused = bins.eq(0).toType(DataType.FLOAT32, false);
        NDArray means = normalized(onehot.transpose().matMul(flat).div(bins.add(unused).expandDims(1)));
        NDArray keep = unused.expandDims(1);
        means = means.mul(keep.neg().add(1)).add(weight.mul(keep));
        NDArray updated = normalized(means.mul(1 - decay).add(weight.mul(decay)));
        embedding.weight.getArray().intern(updated);
        clusterSize.getArray().intern(clusters);
    }

    private static NDArray valueOf(Parameter p, NDManager manager) {
        NDArray copy = p.getArray().duplicate();
        copy.attach(manager);
        return copy;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape tokens = inputShapes[0];
        if (tokens.dimension() != 3 || tokens.get(2) != embedDims) {
            throw new IllegalArgumentException("NormEMAVectorQuantizer takes (B, L, " + embedDims + ") tokens, got "
                    + tokens);
        }
        return new Shape[] {new Shape(tokens.get(0), tokens.get(1))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        embedding.initialize(manager, dataType, inputShapes);
    }

    @Override
    public String toString() {
        return "NormEMAVectorQuantizer(num_embed=" + numEmbed + ", embed_dims=" + embedDims + ", decay=" + decay + ")";
    }

    /** mmpretrain's {@code EmbeddingEMA}: the codebook {@code weight}, frozen, rows L2-normalised at the start. */
    private static final class Codebook extends AbstractBlock {
        private final Parameter weight;

        Codebook(int numEmbed, int embedDims) {
            super((byte) 1);
            weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.OTHER)
                    .optShape(new Shape(numEmbed, embedDims))
                    .optInitializer((m, shape, type) -> normalized(m.randomNormal(0f, 1f, shape, type)))
                    .optRequiresGrad(false).build());
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
            return inputs;
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return inputShapes;
        }
    }
}

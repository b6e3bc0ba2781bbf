package org.pretrain4j.selfsup.mae;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.initializer.UniformInitializer;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.train.Hook;
import org.pretrain4j.api.train.RunInfo;
import org.pretrain4j.backbones.vit.VisionTransformer;
import org.pretrain4j.backbones.vit.VisionTransformerConfig;

/**
 * mmpretrain's {@code MAEViT}, the encoder of MAE pre-training: a {@link VisionTransformer} whose {@code pos_embed}
 * is the fixed 2-D sin-cos embedding ({@link SinCosPositionEmbedding}, class-token slot included) and frozen.
 *
 * <ul>
 *   <li>The block's own forward pass is the plain ViT forward (mmpretrain's {@code forward(x, mask=None)}), which
 *       feature extraction, linear probing and fine-tuning use; {@code out_type} defaults to {@code raw}.</li>
 *   <li>{@link #forwardMasked} is the pre-training forward: patch embedding, {@code + pos_embed[:, 1:]}, random
 *       masking that keeps {@code int(L * (1 - mask_ratio))} tokens per sample, the class token plus
 *       {@code pos_embed[:, :1]} in front, the layers and {@code ln1}.</li>
 * </ul>
 *
 * <p>Initialisation as mmpretrain's {@code init_weights}: the patch projection's weight Xavier-uniform on its
 * flattened {@code (embed_dims, in_channels * p * p)} view, {@code cls_token} {@code N(0, 0.02)}, the rest as
 * {@link VisionTransformer}.
 *
 * <p><b>Masking noise.</b> mmpretrain draws {@code torch.rand(N, L)} from the global generator, whose state a resumed
 * run does not get back. Here the noise of masked forward pass number {@code k} comes from a
 * {@link SplittableRandom} seeded with a mix of {@code k} and a seed drawn from the engine's generator when the block
 * is initialised. The runner seeds that generator before it builds and initialises the model, so a fresh run and its
 * resumption draw the same seed; as a {@link Hook} of the model, the block sets {@code k} to the iterations completed
 * before training starts (after a resume too) and after every iteration. So the masks of iteration {@code k} are the
 * same whether or not the run was interrupted, and they change with {@code randomness.seed}.
 */
public final class MAEViT extends VisionTransformer implements Hook {
    private final double maskRatio;
    private long maskSeed;
    private long maskStep;

    /**
     * Builds the encoder.
     *
     * @param config the validated config
     */
    public MAEViT(MAEViTConfig config) {
        super(config.vit());
        this.maskRatio = config.maskRatio();
        long[] grid = patchResolution();
        posEmbed().setInitializer(new SinCosPositionEmbedding(grid[0], grid[1]));
        posEmbed().freeze(true);
        clsToken().setInitializer(new NormalInitializer(0.02f));
        VisionTransformerConfig vit = config.vit();
        long fanIn = (long) vit.inChannels() * vit.patchSize() * vit.patchSize();
        float bound = (float) Math.sqrt(6.0 / (fanIn + vit.arch().embedDims()));
        patchEmbed().setInitializer(new UniformInitializer(bound), Parameter.Type.WEIGHT);
    }

    /**
     * The share of patch tokens removed.
     *
     * @return {@code mask_ratio}
     */
    public double maskRatio() {
        return maskRatio;
    }

    /**
     * The outputs of {@link #forwardMasked}, mmpretrain's {@code (x, mask, ids_restore)}.
     *
     * @param latent the encoded class token and kept tokens {@code (B, 1 + keep, C)}
     * @param mask float32 {@code (B, L)}: 0 for a kept patch, 1 for a removed one
     * @param idsRestore int64 {@code (B, L)}: where each patch went in the shuffled order
     */
    public record Encoded(NDArray latent, NDArray mask, NDArray idsRestore) {}

    /**
     * The pre-training forward pass: masks {@code mask_ratio} of each image's patches at random and encodes the rest.
     *
     * @param parameterStore the parameter store
     * @param images {@code (B, C, H, W)} whose patch grid is {@code img_size}'s
     * @param training whether this is a training pass
     * @return the latent tokens, the mask and the restoring indices, in the images' manager
     * @throws Pretrain4jException if the images do not give the grid the position embedding is made for
     */
    public Encoded forwardMasked(ParameterStore parameterStore, NDArray images, boolean training) {
        Shape shape = images.getShape();
        long[] grid = patchEmbed().gridSize(shape.get(2), shape.get(3));
        if (!Arrays.equals(grid, patchResolution())) {
            throw new Pretrain4jException(MAEViTFactory.NAME + " masks images whose patch grid is img_size's ("
                    + Arrays.toString(patchResolution()) + "), got " + shape + " giving " + Arrays.toString(grid)
                    + "; crop or resize the images, or set img_size");
        }
        NDArray x = embedPatches(parameterStore, images, training);
        NDManager manager = x.getManager();
        Device device = x.getDevice();
        NDArray pos = parameterStore.getValue(posEmbed(), device, training);
        x = x.add(inBatch(pos.get(":, 1:"), manager));
        RandomMasking.Result masked = RandomMasking.apply(x, noise(manager, shape.get(0), x.getShape().get(1)),
                maskRatio);
        NDArray cls = inBatch(pos.get(":, :1"), manager)
                .add(parameterStore.getValue(clsToken(), device, training))
                .broadcast(shape.get(0), 1, x.getShape().get(2));
        NDArray latent = encode(parameterStore, cls.concat(masked.kept(), 1), training);
        return new Encoded(latent, masked.mask(), masked.idsRestore());
    }

    /**
     * The shapes {@link #forwardMasked} gives.
     *
     * @param images the image batch shape {@code (B, C, H, W)}
     * @return {@code [(B, 1 + keep, C), (B, L), (B, L)]}
     */
    public Shape[] maskedOutputShapes(Shape images) {
        long[] grid = patchEmbed().gridSize(images.get(2), images.get(3));
        long patches = grid[0] * grid[1];
        long batch = images.get(0);
        int keep = RandomMasking.keptCount(patches, maskRatio);
        return new Shape[] {new Shape(batch, 1 + keep, config().arch().embedDims()), new Shape(batch, patches),
            new Shape(batch, patches)};
    }

    /**
     * Moves an array made from a parameter (a slice, a broadcast) to the batch's manager: op results belong to their
     * first operand's manager, and the model's must not collect one array per step.
     */
    static NDArray inBatch(NDArray fromParameter, NDManager manager) {
        fromParameter.attach(manager);
        return fromParameter;
    }

    /** Uniform noise in {@code [0, 1)} for the next masked forward pass, on a 24-bit grid as torch's float rand. */
    private NDArray noise(NDManager manager, long batch, long length) {
        SplittableRandom random = new SplittableRandom(stepSeed(maskSeed, maskStep++));
        float[] values = new float[Math.toIntExact(batch * length)];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextInt(1 << 24) * 0x1p-24f;
        }
        return manager.create(values, new Shape(batch, length));
    }

    /**
     * The seed of one step's noise: SplitMix64's finaliser over the run's mask seed and the step. (Seeding
     * {@link SplittableRandom} with seeds a fixed stride apart would give overlapping streams.)
     */
    static long stepSeed(long seed, long step) {
        long z = seed + 0xD1B54A32D192ED03L * (step + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Sets the step counter to the iterations already completed, so a resumed run continues the masks where the
     * interrupted one stopped.
     *
     * @param info the run state
     */
    @Override
    public void beforeTrain(RunInfo info) {
        maskStep = info.iteration();
    }

    /**
     * Keeps the step counter on the iteration count.
     *
     * @param info the run state
     */
    @Override
    public void afterTrainIter(RunInfo info) {
        maskStep = info.iteration();
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        super.initializeChildBlocks(manager, dataType, inputShapes);
        try (NDArray seed = manager.randomInteger(0, 1L << 62, new Shape(1), DataType.INT64)) {
            maskSeed = seed.getLong();
        }
        maskStep = 0;
    }
}

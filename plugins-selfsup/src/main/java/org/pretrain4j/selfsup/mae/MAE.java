package org.pretrain4j.selfsup.mae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import org.pretrain4j.api.model.AbstractSelfSupervisor;
import org.pretrain4j.api.model.LossDict;
import org.pretrain4j.backbones.layers.FFN;
import org.pretrain4j.backbones.layers.TorchInit;

/**
 * mmpretrain's {@code MAE} (He et al., 2022, masked autoencoders): the encoder ({@link MAEViT}) sees a random
 * quarter of each image's patches, the decoder ({@link MAEPretrainDecoder}) predicts the pixels of all of them, and
 * the head ({@link MAEPretrainHead}) scores the prediction on the removed patches:
 * {@code latent, mask, ids_restore = backbone(x); pred = neck(latent, ids_restore); loss = head.loss(pred, x, mask)}.
 *
 * <p>{@link #loss} takes the normalised image batch {@code (N, C, H, W)} as the first input; anything after it (a
 * second view, masks from a mask generator) is ignored, since MAE masks by itself. {@link #extractFeat} is the
 * encoder's plain ViT forward pass without masking.
 *
 * <p>Initialisation: mmpretrain's MAE configs give the model an {@code init_cfg} of Xavier-uniform weights and zero
 * biases for every Linear layer (LayerNorms at 1 and 0, their default), which the framework does not apply from
 * configs, so it is built in here: every Linear of encoder and decoder outside the FFNs starts that way (the FFNs keep
 * the Xavier weights and {@code N(0, 1e-6)} biases their layers give them, as mmpretrain's
 * {@code TransformerEncoderLayer.init_weights} runs after the model's {@code init_cfg}).
 */
public final class MAE extends AbstractSelfSupervisor<MAEPretrainHead> {
    private final MAEViT encoder;
    private final MAEPretrainDecoder decoder;

    /**
     * Assembles the algorithm.
     *
     * @param backbone the encoder
     * @param neck the decoder, sized for the encoder's width and patch count
     * @param head the reconstruction head, with the encoder's patch size and channels
     */
    public MAE(MAEViT backbone, MAEPretrainDecoder neck, MAEPretrainHead head) {
        super(backbone, neck, head);
        this.encoder = backbone;
        this.decoder = neck;
        initLinears(backbone);
        initLinears(neck);
    }

    /** Xavier-uniform weights and zero biases for the Linear layers under a block, except the FFNs'. */
    private static void initLinears(Block block) {
        for (Block child : block.getChildren().values()) {
            if (child instanceof Linear) {
                child.setInitializer(TorchInit.xavierUniform(), Parameter.Type.WEIGHT);
                child.setInitializer(Initializer.ZEROS, Parameter.Type.BIAS);
            } else if (!(child instanceof FFN)) {
                initLinears(child);
            }
        }
    }

    /**
     * The encoder's plain forward pass on the first input, without masking.
     *
     * @param parameterStore where parameters are read from
     * @param inputs the image batch first
     * @return the encoder's outputs ({@code out_type}, by default all tokens)
     */
    @Override
    public NDList extractFeat(ParameterStore parameterStore, NDList inputs) {
        return encoder.forward(parameterStore, new NDList(inputs.get(0)), false);
    }

    /**
     * Masks, encodes, decodes and scores the reconstruction of the removed patches.
     *
     * @param parameterStore where parameters are read from
     * @param inputs the normalised image batch {@code (N, C, H, W)} first
     * @param targets ignored
     * @return {@code loss}
     */
    @Override
    public LossDict loss(ParameterStore parameterStore, NDList inputs, NDList targets) {
        NDArray images = inputs.get(0);
        MAEViT.Encoded encoded = encoder.forwardMasked(parameterStore, images, true);
        NDArray prediction = decoder.forward(parameterStore, new NDList(encoded.latent(), encoded.idsRestore()),
                true).singletonOrThrow();
        return new LossDict().put("loss", head().loss(prediction, images, encoded.mask()));
    }

    /** The decoder takes the masked forward pass's outputs and the head the decoder's, with the images and mask. */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape images = inputShapes[0];
        encoder.initialize(manager, dataType, images);
        Shape[] encoded = encoder.maskedOutputShapes(images);
        Shape[] decoderInputs = {encoded[0], encoded[2]};
        decoder.initialize(manager, dataType, decoderInputs);
        head().initialize(manager, dataType, decoder.getOutputShapes(decoderInputs)[0], images, encoded[1]);
    }
}

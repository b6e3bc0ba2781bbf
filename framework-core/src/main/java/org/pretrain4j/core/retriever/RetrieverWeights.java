package org.pretrain4j.core.retriever;

import org.pretrain4j.core.build.ComponentChain;
import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pretrain4j.api.CheckpointException;
import org.pretrain4j.core.checkpoint.Checkpoints;
import org.pretrain4j.core.checkpoint.WeightFile;

/**
 * Loads weights into a retriever from its own checkpoints or from an image classifier's. A classifier checkpoint
 * ({@code backbone.*}, {@code neck.*}, {@code head.*}) fits a retriever whose {@code image_encoder} is that backbone
 * followed by that neck: its keys load into {@code image_encoder.0.*}, {@code image_encoder.1.*} and {@code head.*},
 * so a classifier trained once can be evaluated as a retriever, as mmpretrain's arcface configs initialise
 * {@code image_encoder[0]} from a classifier with {@code prefix='backbone'}. Both are one strict
 * {@link Checkpoints#loadWeights} (the classifier's through prefix renames): every retriever parameter must be covered
 * with the right shape, checked before anything is loaded; classifier tensors under no renamed prefix (a head the
 * retriever does not have) are ignored.
 */
public final class RetrieverWeights {
    private RetrieverWeights() {}

    /**
     * Loads a checkpoint strictly, mapping a classifier's key layout when the file has one.
     *
     * @param file the weights file, in any format {@link WeightFile} reads
     * @param model the initialised retriever
     * @throws CheckpointException naming the file when it does not cover the retriever
     */
    public static void load(Path file, ImageToImageRetriever model) {
        requireNonNull(model, "model is null");
        boolean classifier;
        try (WeightFile weights = WeightFile.open(file)) {
            classifier = weights.tensors().keySet().stream().anyMatch(k -> k.startsWith("backbone."));
        }
        if (!classifier) {
            Checkpoints.loadWeights(file, model, Checkpoints.LoadOptions.strict());
            return;
        }
        Map<String, String> prefixes = classifierPrefixes(model);
        try {
            Checkpoints.loadWeights(file, model, Checkpoints.LoadOptions.strict().withPrefixes(prefixes));
        } catch (CheckpointException e) {
            throw new CheckpointException("checkpoint " + file + " has an image classifier's keys (backbone.*), "
                    + "which load into this retriever as " + prefixes + ", so its image_encoder must be the "
                    + "classifier's backbone and neck: " + e.getMessage(), e);
        }
    }

    /** Where each classifier part goes: the backbone and neck into the encoder, the head onto the head. */
    private static Map<String, String> classifierPrefixes(ImageToImageRetriever model) {
        Map<String, String> prefixes = new LinkedHashMap<>();
        if (model.imageEncoder() instanceof ComponentChain chain) {
            prefixes.put("backbone.", "image_encoder.0.");
            if (chain.components().size() > 1) {
                prefixes.put("neck.", "image_encoder.1.");
            }
        } else {
            prefixes.put("backbone.", "image_encoder.");
        }
        if (model.head().isPresent()) {
            prefixes.put("head.", "head.");
        }
        return prefixes;
    }
}

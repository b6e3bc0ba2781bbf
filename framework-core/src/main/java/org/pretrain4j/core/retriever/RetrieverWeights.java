package org.pretrain4j.core.retriever;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pretrain4j.api.CheckpointException;
import org.pretrain4j.core.checkpoint.Checkpoints;
import org.pretrain4j.core.checkpoint.SafeTensors;
import org.pretrain4j.core.inspect.ModuleTree;

/**
 * Loads weights into a retriever from its own checkpoints or from an image classifier's. A classifier checkpoint
 * ({@code backbone.*}, {@code neck.*}, {@code head.*}) fits a retriever whose {@code image_encoder} is that backbone
 * followed by that neck: its keys load into {@code image_encoder.0.*}, {@code image_encoder.1.*} and {@code head.*},
 * so a classifier trained once can be evaluated as a retriever, as mmpretrain's arcface configs initialise
 * {@code image_encoder[0]} from a classifier with {@code prefix='backbone'}. Every retriever parameter must be
 * covered with the right shape, checked before anything is loaded; classifier tensors with no place in the
 * retriever (a head it does not have) are ignored.
 */
public final class RetrieverWeights {
    private RetrieverWeights() {}

    /**
     * Loads a checkpoint strictly, mapping a classifier's key layout when the file has one.
     *
     * @param file the weights file
     * @param model the initialised retriever
     * @throws CheckpointException naming the file when it does not cover the retriever
     */
    public static void load(Path file, ImageToImageRetriever model) {
        requireNonNull(model, "model is null");
        Map<String, SafeTensors.TensorInfo> tensors = SafeTensors.readHeader(file).tensors();
        if (tensors.keySet().stream().noneMatch(k -> k.startsWith("backbone."))) {
            Checkpoints.loadWeights(file, model, Checkpoints.LoadOptions.strict());
            return;
        }
        Map<String, String> prefixes = classifierPrefixes(model);
        Map<String, Parameter> params = ModuleTree.torchParameters(model);
        Set<String> covered = new LinkedHashSet<>();
        List<String> mismatched = new ArrayList<>();
        tensors.forEach((key, info) -> prefixes.forEach((from, to) -> {
            String target = key.startsWith(from) ? to + key.substring(from.length()) : null;
            Parameter p = target == null ? null : params.get(target);
            if (p != null) {
                Shape expected = p.getArray().getShape();
                if (info.shape().equals(expected)) {
                    covered.add(target);
                } else {
                    mismatched.add(key + " " + info.shape() + " vs " + target + " " + expected);
                }
            }
        }));
        List<String> missing = params.keySet().stream().filter(k -> !covered.contains(k)).toList();
        if (!missing.isEmpty() || !mismatched.isEmpty()) {
            throw new CheckpointException("checkpoint " + file + " has an image classifier's keys (backbone.*), "
                    + "which load into this retriever as " + prefixes + ", but "
                    + (missing.isEmpty() ? "" : missing.size() + " retriever keys are missing, e.g. "
                            + missing.subList(0, Math.min(5, missing.size())) + (mismatched.isEmpty() ? "" : ", and "))
                    + (mismatched.isEmpty() ? "" : "shapes differ: " + mismatched.subList(0,
                            Math.min(5, mismatched.size())))
                    + "; the retriever's image_encoder must be the classifier's backbone and neck");
        }
        prefixes.forEach((from, to) -> Checkpoints.loadWeights(file, model,
                Checkpoints.LoadOptions.nonStrict().withStripPrefix(from).withAddPrefix(to)));
    }

    /** Where each classifier part goes: the backbone and neck into the encoder, the head onto the head. */
    private static Map<String, String> classifierPrefixes(ImageToImageRetriever model) {
        Map<String, String> prefixes = new LinkedHashMap<>();
        if (model.imageEncoder() instanceof ImageEncoder chain) {
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

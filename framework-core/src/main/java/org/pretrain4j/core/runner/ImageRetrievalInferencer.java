package org.pretrain4j.core.runner;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.core.checkpoint.Checkpoints;
import org.pretrain4j.core.config.ConfigLoader;
import org.pretrain4j.core.config.LoadedConfig;
import org.pretrain4j.core.registry.ComponentRegistry;
import org.pretrain4j.core.retriever.Features;
import org.pretrain4j.core.retriever.Gallery;
import org.pretrain4j.core.retriever.ImageToImageRetriever;
import org.pretrain4j.core.retriever.Similarity;

/**
 * Finds the gallery images most similar to query images, like mmpretrain's {@code ImageRetrievalInferencer}:
 *
 * <pre>{@code
 * try (var inferencer = ImageRetrievalInferencer.load(
 *         Path.of("configs/fashion_mnist/resnet18-w16_fast_fashion-mnist.conf"),
 *         Path.of("work_dirs/fast/best.safetensors"), Path.of("gallery.safetensors"))) {
 *     for (ImageRetrievalInferencer.Match m : inferencer.retrieve(List.of(Path.of("shoe.png")), 5).get(0)) {
 *         System.out.println(m.sampleIndex() + " " + m.className() + " " + m.score());
 *     }
 * }
 * }</pre>
 *
 * The gallery is a feature file from {@code pretrain4j extract} (queries are then encoded at the stage recorded in
 * it), or, for a retriever config, the model's own prototype. A retriever scores with its {@code similarity_fn},
 * other models with cosine similarity.
 */
public final class ImageRetrievalInferencer implements AutoCloseable {
    private final FeatureExtractor extractor;
    private final FeatureExtractor.Stage stage;
    private final Gallery gallery;
    /** Whether {@link #gallery} is ours to close; a retriever's own gallery belongs to the retriever. */
    private final boolean ownsGallery;

    /**
     * One gallery item found for a query.
     *
     * @param rank 0 for the best match
     * @param row the item's row in the gallery
     * @param sampleIndex the item's index in its dataset
     * @param label the item's class index, or -1
     * @param className the item's class name, or the label as text, or empty when unlabelled
     * @param path the item's file, or null when the gallery was not read from files
     * @param score the similarity
     */
    public record Match(int rank, int row, int sampleIndex, int label, String className, String path, float score) {}

    /**
     * Builds the model, loads its weights and prepares the gallery.
     *
     * @param config the loaded config
     * @param registry where type names are looked up
     * @param checkpoint the weights
     * @param galleryFile a feature file from {@code pretrain4j extract}, or null to use a retriever's prototype
     */
    public ImageRetrievalInferencer(LoadedConfig config, ComponentRegistry registry, Path checkpoint,
            Path galleryFile) {
        this.extractor = new FeatureExtractor(config, registry, checkpoint);
        try {
            ImageToImageRetriever retriever = extractor.model() instanceof ImageToImageRetriever r ? r : null;
            if (galleryFile != null) {
                Features features = Features.read(galleryFile);
                String recorded = Checkpoints.readMetadata(galleryFile).get("stage");
                this.stage = recorded == null ? FeatureExtractor.Stage.NECK : FeatureExtractor.Stage.of(recorded);
                this.gallery = new Gallery(features, retriever == null ? Similarity.COSINE : retriever.similarity(),
                        extractor.session().manager());
                this.ownsGallery = true;
            } else if (retriever != null) {
                this.stage = FeatureExtractor.Stage.NECK;
                this.gallery = retriever.gallery();
                this.ownsGallery = false;
            } else {
                throw new Pretrain4jException("give a gallery feature file (pretrain4j extract writes one); only an "
                        + "ImageToImageRetriever config has a gallery of its own");
            }
        } catch (RuntimeException e) {
            extractor.close();
            throw e;
        }
    }

    /**
     * Loads a model from its config and a checkpoint, finding components on the classpath.
     *
     * @param config the config file
     * @param checkpoint the weights
     * @param galleryFile a feature file, or null for a retriever's own prototype
     * @return the inferencer
     */
    public static ImageRetrievalInferencer load(Path config, Path checkpoint, Path galleryFile) {
        return new ImageRetrievalInferencer(new ConfigLoader().load(config, List.of()),
                ComponentRegistry.ofClasspath(), checkpoint, galleryFile);
    }

    /**
     * The gallery searched.
     *
     * @return the gallery
     */
    public Gallery gallery() {
        return gallery;
    }

    /**
     * Finds the best gallery matches of image files.
     *
     * @param images the query images
     * @param topk matches per image (capped at the gallery size)
     * @return per image, its matches, best first
     */
    public List<List<Match>> retrieve(List<Path> images, int topk) {
        if (topk < 1) {
            throw new IllegalArgumentException("topk must be at least 1, got " + topk);
        }
        Features queries = extractor.extract(images, stage);
        Features items = gallery.features();
        List<List<Match>> result = new ArrayList<>();
        try (NDManager manager = extractor.session().manager().newSubManager()) {
            gallery.rank(queries.toArray(manager), topk, (first, scores, indices) -> {
                int k = Math.toIntExact(indices.getShape().get(1));
                long[] rows = indices.toLongArray();
                float[] values = scores.toFloatArray();
                for (int q = 0; q < rows.length / k; q++) {
                    List<Match> matches = new ArrayList<>();
                    for (int r = 0; r < k; r++) {
                        int row = (int) rows[q * k + r];
                        int label = items.labels()[row];
                        matches.add(new Match(r, row, items.sampleIndices()[row], label, className(items, label),
                                items.paths().isEmpty() ? null : items.paths().get(row), values[q * k + r]));
                    }
                    result.add(matches);
                }
            });
        }
        return result;
    }

    private static String className(Features items, int label) {
        if (label < 0) {
            return "";
        }
        return label < items.classes().size() ? items.classes().get(label) : Integer.toString(label);
    }

    @Override
    public void close() {
        if (ownsGallery) {
            gallery.close();
        }
        extractor.close();
    }
}

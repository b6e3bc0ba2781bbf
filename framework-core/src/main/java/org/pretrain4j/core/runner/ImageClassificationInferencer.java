package org.pretrain4j.core.runner;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.pretrain4j.api.DataException;
import org.pretrain4j.api.Kind;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.data.Image;
import org.pretrain4j.api.data.Sample;
import org.pretrain4j.api.data.Transform;
import org.pretrain4j.core.checkpoint.Checkpoints;
import org.pretrain4j.core.config.ConfigLoader;
import org.pretrain4j.core.config.LoadedConfig;
import org.pretrain4j.core.data.HostBatch;
import org.pretrain4j.core.registry.ComponentRegistry;
import org.pretrain4j.core.registry.Provenance;

/**
 * Classifies images with a trained model, like mmpretrain's {@code ImageClassificationInferencer}:
 *
 * <pre>{@code
 * try (var inferencer = ImageClassificationInferencer.load(Path.of("configs/fashion_mnist/quickstart.conf"),
 *         Path.of("work_dirs/quickstart/epoch_5.safetensors"))) {
 *     ImageClassificationInferencer.Prediction top = inferencer.predict(Path.of("shoe.png")).get(0);
 *     System.out.println(top.className() + " " + top.score());
 * }
 * }</pre>
 *
 * Images go through the config's test pipeline; files are decoded as the model's training images were (grey or
 * BGR colour). Class names come from the checkpoint.
 */
public final class ImageClassificationInferencer implements AutoCloseable {
    private final Session session;
    private final List<Transform> pipeline;
    private final Transform decoder;
    private final Shape inputShape;

    /**
     * One class and its score.
     *
     * @param label the class index
     * @param className the class name, or the index as text when the checkpoint has no names
     * @param score the softmax score of a single-label head, or the sigmoid score of a multi-label head
     * @param predicted whether the head predicts this class: the arg-max of a single-label head; each class at or
     *     above the threshold (or among the top k) of a multi-label head, as its {@code thr} and {@code topk} say
     */
    public record Prediction(int label, String className, float score, boolean predicted) {}

    private ImageClassificationInferencer(LoadedConfig config, ComponentRegistry registry, Path checkpoint) {
        ConfigView root = config.view();
        Map<String, String> meta = Checkpoints.readMetadata(checkpoint);
        // Before building: a missing plugin would otherwise surface as an unknown type in the config.
        Provenance.requirePlugins(checkpoint, meta, registry);
        this.session = new Session(config, registry, root);
        long[] chw = Arrays.stream(meta.getOrDefault("input_shape", "3,224,224").split(","))
                .mapToLong(Long::parseLong).toArray();
        this.inputShape = new Shape(1, chw[0], chw[1], chw[2]);
        List<String> classes = meta.containsKey("classes") ? Json.parseStringList(meta.get("classes")) : List.of();
        List<ConfigView> steps = root.getOptionalView("test_dataloader")
                .flatMap(l -> l.getOptionalView("dataset")).map(d -> d.getViewList("pipeline")).orElse(List.of());
        boolean decodes = steps.stream().anyMatch(v -> v.getString("type", "").equalsIgnoreCase("LoadImageFromFile"));
        this.pipeline = steps.stream().map(v -> session.builder().<Transform>build(Kind.TRANSFORM, v)).toList();
        this.decoder = decodes ? null : session.builder().build(Kind.TRANSFORM, ConfigView.parse(
                "type = LoadImageFromFile, color_type = " + (chw[0] == 1 ? "grayscale" : "color")));
        session.initialize(inputShape, classes, false);
        Checkpoints.loadWeights(checkpoint, session.model(), Checkpoints.LoadOptions.strict());
    }

    /**
     * Loads a model from its config and a checkpoint, finding components on the classpath.
     *
     * @param config the config file the model was trained with
     * @param checkpoint the weights
     * @return the inferencer
     */
    public static ImageClassificationInferencer load(Path config, Path checkpoint) {
        return new ImageClassificationInferencer(new ConfigLoader().load(config, List.of()),
                ComponentRegistry.ofClasspath(), checkpoint);
    }

    /**
     * Classifies an image file.
     *
     * @param image a JPEG, PNG or BMP file
     * @return every class, best first
     */
    public List<Prediction> predict(Path image) {
        Sample s = new Sample(0, null, -1, image.toString());
        if (decoder != null) {
            s = decoder.apply(s, new SplittableRandom(0));
        }
        return predict(s);
    }

    /**
     * Classifies a decoded image (8-bit HWC, as the training data was).
     *
     * @param image the image
     * @return every class, best first
     */
    public List<Prediction> predict(Image image) {
        return predict(new Sample(0, image, -1, null));
    }

    private List<Prediction> predict(Sample sample) {
        Sample s = sample;
        for (Transform t : pipeline) {
            s = t.apply(s, new SplittableRandom(0));
        }
        Image img = s.image();
        if (img.channels() != inputShape.get(1) || img.height() != inputShape.get(2)
                || img.width() != inputShape.get(3)) {
            throw new DataException(s.describe() + ": image is " + img.height() + "x" + img.width() + "x"
                    + img.channels() + " after the test pipeline, but the model was trained on " + inputShape.get(2)
                    + "x" + inputShape.get(3) + "x" + inputShape.get(1) + "; resize it or add ResizeEdge/CenterCrop "
                    + "to the test pipeline");
        }
        byte[] chw = new byte[img.pixels().length];
        int plane = img.height() * img.width();
        for (int p = 0; p < plane; p++) {
            for (int c = 0; c < img.channels(); c++) {
                chw[c * plane + p] = img.pixels()[p * img.channels() + c];
            }
        }
        HostBatch batch = new HostBatch(chw, 1, img.channels(), img.height(), img.width(), new int[] {-1},
                new int[] {0});
        try (NDManager step = session.manager().newSubManager()) {
            NDList out = session.model().predict(new ParameterStore(session.manager(), false),
                    new NDList(session.preprocessor().inputs(batch, step)));
            float[] values = out.get(0).toFloatArray();
            boolean[] predicted = predicted(out, values);
            List<Prediction> result = new ArrayList<>();
            List<String> classes = session.classes();
            for (int c = 0; c < values.length; c++) {
                result.add(new Prediction(c, c < classes.size() ? classes.get(c) : Integer.toString(c), values[c],
                        predicted[c]));
            }
            result.sort(Comparator.comparingDouble(Prediction::score).reversed());
            return result;
        }
    }

    /**
     * Which classes the head predicts, from its label output: one class index (single-label), or a 0/1 mask over the
     * classes (multi-label). A model that returns scores only predicts its best-scored class.
     */
    private static boolean[] predicted(NDList out, float[] scores) {
        boolean[] predicted = new boolean[scores.length];
        if (out.size() > 1 && out.get(1).getShape().dimension() == 2) {
            long[] mask = out.get(1).toLongArray();
            for (int c = 0; c < mask.length; c++) {
                predicted[c] = mask[c] != 0;
            }
            return predicted;
        }
        int best = 0;
        if (out.size() > 1) {
            best = (int) out.get(1).toLongArray()[0];
        } else {
            for (int c = 1; c < scores.length; c++) {
                best = scores[c] > scores[best] ? c : best;
            }
        }
        predicted[best] = true;
        return predicted;
    }

    @Override
    public void close() {
        session.close();
    }
}

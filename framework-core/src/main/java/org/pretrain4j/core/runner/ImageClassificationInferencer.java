package org.pretrain4j.core.runner;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.pretrain4j.api.data.Image;
import org.pretrain4j.api.data.Sample;
import org.pretrain4j.core.config.ConfigLoader;
import org.pretrain4j.core.config.LoadedConfig;
import org.pretrain4j.core.registry.ComponentRegistry;

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
    private final LoadedModel model;

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
        this.model = new LoadedModel(config, registry, checkpoint);
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
        return predict(model.sample(image, 0));
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
        Session session = model.session();
        try (NDManager step = session.manager().newSubManager()) {
            NDList out = session.model().predict(new ParameterStore(session.manager(), false),
                    new NDList(model.inputs(List.of(sample), step)));
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
        model.close();
    }
}

package org.pretrain4j.core.runner;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.Arrays;
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
import org.pretrain4j.core.config.LoadedConfig;
import org.pretrain4j.core.data.HostBatch;
import org.pretrain4j.core.registry.ComponentRegistry;
import org.pretrain4j.core.registry.Provenance;

/**
 * A trained model ready for inference on single images, what the inferencers share: the session built from the
 * config with the checkpoint's weights, and the config's test pipeline. Files are decoded as the model's training
 * images were (grey or BGR colour); class names and the input shape come from the checkpoint.
 */
final class LoadedModel implements AutoCloseable {
    private final Session session;
    private final List<Transform> pipeline;
    private final Transform decoder;
    private final Shape inputShape;

    LoadedModel(LoadedConfig config, ComponentRegistry registry, Path checkpoint) {
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
        session.initialize(new Shape[] {inputShape}, classes, false);
        session.loadWeights(checkpoint);
    }

    Session session() {
        return session;
    }

    /** A sample for an image file, decoded unless the test pipeline decodes it itself. */
    Sample sample(Path image, int index) {
        Sample s = new Sample(index, null, -1, image.toString());
        return decoder == null ? s : decoder.apply(s, new SplittableRandom(0));
    }

    /** Runs the test pipeline over samples and stacks them into one preprocessed batch. */
    NDArray inputs(List<Sample> samples, NDManager manager) {
        int c = (int) inputShape.get(1);
        int h = (int) inputShape.get(2);
        int w = (int) inputShape.get(3);
        int plane = h * w;
        byte[] chw = new byte[samples.size() * c * plane];
        int[] labels = new int[samples.size()];
        int[] indices = new int[samples.size()];
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            for (Transform t : pipeline) {
                s = t.apply(s, new SplittableRandom(0));
            }
            Image img = s.image();
            if (img.channels() != c || img.height() != h || img.width() != w) {
                throw new DataException(s.describe() + ": image is " + img.height() + "x" + img.width() + "x"
                        + img.channels() + " after the test pipeline, but the model was trained on " + h + "x" + w
                        + "x" + c + "; resize it or add ResizeEdge/CenterCrop to the test pipeline");
            }
            int offset = i * c * plane;
            for (int p = 0; p < plane; p++) {
                for (int ch = 0; ch < c; ch++) {
                    chw[offset + ch * plane + p] = img.pixels()[p * c + ch];
                }
            }
            labels[i] = -1;
            indices[i] = s.index();
        }
        return session.preprocessor().inputs(new HostBatch(chw, samples.size(), c, h, w, labels, indices), manager);
    }

    @Override
    public void close() {
        session.close();
    }
}

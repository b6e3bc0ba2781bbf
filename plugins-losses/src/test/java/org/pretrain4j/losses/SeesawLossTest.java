package org.pretrain4j.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code cum_samples} buffer: its name, that it takes no gradient, that it counts and survives a save. */
final class SeesawLossTest {
    @Test
    void bufferIsANonTrainableParameterNamedLikeMmpretrains() {
        SeesawLoss loss = new SeesawLoss(SeesawLossConfig.of(4));
        List<String> names = loss.getParameters().stream().map(Pair::getKey).toList();
        assertEquals(List.of("cum_samples"), names);
        Parameter buffer = loss.cumSamples();
        assertFalse(buffer.requiresGradient());
        assertEquals(Parameter.Type.RUNNING_MEAN, buffer.getType());
    }

    @Test
    void countsEveryCallAndKeepsTheGradientOffTheBuffer() throws IOException, MalformedModelException {
        try (NDManager manager = NDManager.newBaseManager()) {
            SeesawLoss loss = new SeesawLoss(SeesawLossConfig.of(4));
            loss.initialize(manager, DataType.FLOAT32, new Shape(3, 4), new Shape(3));
            NDArray logits = Fixtures.logits(manager);
            logits.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(loss.loss(logits, Fixtures.labels(manager), null, 3f));
            }
            loss.loss(logits, manager.create(new long[] {2, 2, 3}), null, 3f);
            assertArrayEquals(new float[] {1, 1, 3, 1}, loss.cumSamples().getArray().toFloatArray());
            assertFalse(loss.cumSamples().getArray().hasGradient());

            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            loss.saveParameters(new DataOutputStream(bytes));
            SeesawLoss restored = new SeesawLoss(SeesawLossConfig.of(4));
            restored.initialize(manager, DataType.FLOAT32, new Shape(3, 4), new Shape(3));
            restored.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            assertArrayEquals(new float[] {1, 1, 3, 1}, restored.cumSamples().getArray().toFloatArray());
        }
    }
}

package org.pretrain4j.api.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * mmengine's EMA update on Linear(3 -> 2) + BatchNorm, with values computed by hand: every array of the source is
 * filled with one constant, so each step's expected value is a single number.
 */
final class ExponentialMovingAverageTest {
    private static final Shape INPUT = new Shape(4, 3);

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    static Block net() {
        return new SequentialBlock().add(Linear.builder().setUnits(2).build()).add(BatchNorm.builder().build());
    }

    /** Sets every array of {@code block} to {@code value}. */
    static void fill(Block block, float value) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray a = p.getValue().getArray();
            float[] values = new float[Math.toIntExact(a.size())];
            java.util.Arrays.fill(values, value);
            a.set(values);
        }
    }

    /** Asserts that the parameters (not the running statistics) of the copy all equal {@code params}, and the
     * running statistics {@code buffers}. */
    static void assertValues(ExponentialMovingAverage ema, float params, float buffers) {
        for (Pair<String, Parameter> p : ema.module().getParameters()) {
            Parameter.Type type = p.getValue().getType();
            boolean buffer = type == Parameter.Type.RUNNING_MEAN || type == Parameter.Type.RUNNING_VAR;
            float[] actual = p.getValue().getArray().toFloatArray();
            float[] expected = new float[actual.length];
            java.util.Arrays.fill(expected, buffer ? buffers : params);
            assertArrayEquals(expected, actual, 1e-6f, p.getKey());
        }
    }

    /** A source and an EMA of it, both initialised (independently, so they start different). */
    private Block[] pair(double momentum, int interval, boolean updateBuffers) {
        Block source = net();
        ExponentialMovingAverage ema = new ExponentialMovingAverage(net(), momentum, interval, updateBuffers);
        source.initialize(manager, DataType.FLOAT32, INPUT);
        ema.initialize(manager, DataType.FLOAT32, INPUT);
        return new Block[] {source, ema};
    }

    @Test
    void firstUpdateCopiesThenMomentumWeighsTheNewValue() {
        Block[] p = pair(0.001, 1, false);
        ExponentialMovingAverage ema = (ExponentialMovingAverage) p[1];
        fill(p[0], 1f);
        ema.update(p[0]);
        assertValues(ema, 1f, 1f);
        assertEquals(1, ema.steps());
        fill(p[0], 2f);
        ema.update(p[0]);
        // mmengine: ema = (1 - 0.001) * 1 + 0.001 * 2 = 1.001 (not 1.999: 0.001 is the paper's 0.999);
        // running statistics are copied, not averaged
        assertValues(ema, 1.001f, 2f);
        assertEquals(2, ema.steps());
    }

    @Test
    void updateBuffersAveragesRunningStatisticsToo() {
        Block[] p = pair(0.25, 1, true);
        ExponentialMovingAverage ema = (ExponentialMovingAverage) p[1];
        fill(p[0], 1f);
        ema.update(p[0]);
        fill(p[0], 3f);
        ema.update(p[0]);
        // 0.75 * 1 + 0.25 * 3
        assertValues(ema, 1.5f, 1.5f);
    }

    @Test
    void intervalSkipsAveragingButNotBufferCopies() {
        Block[] p = pair(0.5, 2, false);
        ExponentialMovingAverage ema = (ExponentialMovingAverage) p[1];
        fill(p[0], 1f);
        ema.update(p[0]);
        fill(p[0], 3f);
        ema.update(p[0]);
        assertValues(ema, 1f, 3f);
        ema.update(p[0]);
        assertValues(ema, 2f, 3f);
    }

    @Test
    void copyIsFrozenAndUpdatesInsideACollectorRecordNoGraph() {
        Block[] p = pair(0.1, 1, false);
        ExponentialMovingAverage ema = (ExponentialMovingAverage) p[1];
        ema.getParameters().forEach(q -> assertFalse(q.getValue().requiresGradient(), q.getKey()));
        ParameterStore ps = new ParameterStore(manager, false);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            ema.update(p[0]);
            ema.update(p[0]);
            NDArray x = manager.randomNormal(INPUT);
            x.setRequiresGradient(true);
            NDArray out = ema.forward(ps, new NDList(x), true).head();
            assertEquals(new Shape(4, 2), out.getShape());
            // Weighted, since the sum of a batch norm's output does not depend on its input.
            collector.backward(out.mul(manager.randomNormal(out.getShape())).sum());
        }
        // Had the updates joined the graph, the target's loss would reach the online network (BYOL's stop-gradient).
        for (Pair<String, Parameter> q : p[0].getParameters()) {
            if (q.getValue().requiresGradient()) {
                assertEquals(0f, q.getValue().getArray().getGradient().abs().sum().getFloat(), q.getKey());
            }
        }
    }

    @Test
    void noArraysLeakOver100Updates() {
        Block[] p = pair(0.01, 1, false);
        ExponentialMovingAverage ema = (ExponentialMovingAverage) p[1];
        ema.update(p[0]);
        ema.update(p[0]);
        int after = manager.getManagedArrays().size();
        for (int i = 0; i < 100; i++) {
            ema.update(p[0]);
        }
        assertEquals(after, manager.getManagedArrays().size());
        assertEquals(102, ema.steps());
    }

    @Test
    void mismatchedArchitecturesAndBadMomentaAreRejected() {
        Block other = new SequentialBlock().add(Linear.builder().setUnits(3).build())
                .add(BatchNorm.builder().build());
        other.initialize(manager, DataType.FLOAT32, INPUT);
        ExponentialMovingAverage ema = (ExponentialMovingAverage) pair(0.1, 1, false)[1];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ema.update(other));
        assertEquals(true, e.getMessage().contains("same config"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ExponentialMovingAverage(net(), 0, 1, false));
        assertThrows(IllegalArgumentException.class, () -> new ExponentialMovingAverage(net(), 1, 1, false));
        assertThrows(IllegalArgumentException.class, () -> new ExponentialMovingAverage(net(), 0.1, 0, false));
    }
}

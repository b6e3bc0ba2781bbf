package org.pretrain4j.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.pretrain4j.api.LossFactory;
import org.pretrain4j.api.model.Loss;
import org.pretrain4j.api.model.MaskedLoss;

/**
 * Every loss of this module against PyTorch: {@code loss_fixtures.json}, written by {@code tools/fixtures/losses.py},
 * holds input tensors and cases (type, config, calls). Each call's loss, its declared output shape, its gradient with
 * respect to the prediction (for scalar losses) and, for {@code SeesawLoss}, the {@code cum_samples} buffer after the
 * call must match within 1e-5.
 */
final class LossFixturesTest {
    private static final double TOLERANCE = 1e-5;
    private static final JsonObject FIXTURES = read("/loss_fixtures.json");

    private static JsonObject read(String resource) {
        try (InputStream in = LossFixturesTest.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing; run tools/fixtures/losses.py");
            }
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Stream<JsonObject> cases() {
        return StreamSupport.stream(FIXTURES.getAsJsonArray("cases").spliterator(), false)
                .map(JsonElement::getAsJsonObject);
    }

    @Test
    void everyRegisteredLossHasFixtures() {
        Set<String> covered = cases().map(c -> c.get("type").getAsString()).collect(Collectors.toSet());
        Set<String> registered = Fixtures.factories().stream().map(LossFactory::typeName)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(registered, new TreeSet<>(covered));
    }

    @TestFactory
    Stream<DynamicTest> matchesPyTorch() {
        return cases().map(c -> DynamicTest.dynamicTest(c.get("name").getAsString(), () -> check(c)));
    }

    private static void check(JsonObject testCase) {
        String name = testCase.get("name").getAsString();
        // The JSON config is valid HOCON.
        Loss loss = Fixtures.create(testCase.get("type").getAsString(), testCase.get("config").toString());
        try (NDManager manager = NDManager.newBaseManager()) {
            boolean initialized = false;
            for (JsonElement element : testCase.getAsJsonArray("calls")) {
                JsonObject call = element.getAsJsonObject();
                NDArray prediction = tensor(manager, call, "prediction");
                NDArray target = tensor(manager, call, "target");
                NDArray weight = tensor(manager, call, "weight");
                NDArray mask = tensor(manager, call, "mask");
                Float avgFactor = call.get("avg_factor").isJsonNull() ? null : call.get("avg_factor").getAsFloat();
                Shape[] shapes = target == null
                        ? new Shape[] {prediction.getShape()}
                        : new Shape[] {prediction.getShape(), target.getShape()};
                if (!initialized) {
                    loss.initialize(manager, DataType.FLOAT32, shapes);
                    initialized = true;
                }
                prediction.setRequiresGradient(true);
                NDArray value;
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    value = mask == null
                            ? loss.loss(prediction, target, weight, avgFactor)
                            : ((MaskedLoss) loss).maskedLoss(prediction, target, mask);
                    if (call.has("grad")) {
                        collector.backward(value);
                    }
                }
                assertEquals(loss.getOutputShapes(shapes)[0], value.getShape(), name + ": declared output shape");
                assertClose(name + ": loss", call.getAsJsonObject("loss"), value);
                if (call.has("grad")) {
                    assertClose(name + ": gradient", call.getAsJsonObject("grad"), prediction.getGradient());
                }
                if (call.has("cum_samples")) {
                    assertClose(name + ": cum_samples", call.getAsJsonObject("cum_samples"),
                            ((SeesawLoss) loss).cumSamples().getArray());
                }
            }
        }
    }

    /** The named input tensor of a call, or null when the call has none. */
    private static NDArray tensor(NDManager manager, JsonObject call, String key) {
        JsonElement ref = call.get(key);
        if (ref == null || ref.isJsonNull()) {
            return null;
        }
        JsonObject t = FIXTURES.getAsJsonObject("tensors").getAsJsonObject(ref.getAsString());
        Shape shape = shape(t);
        double[] data = data(t);
        if ("int64".equals(t.get("dtype").getAsString())) {
            long[] values = new long[data.length];
            for (int i = 0; i < data.length; i++) {
                values[i] = (long) data[i];
            }
            return manager.create(values, shape);
        }
        float[] values = new float[data.length];
        for (int i = 0; i < data.length; i++) {
            values[i] = (float) data[i];
        }
        return manager.create(values, shape);
    }

    private static void assertClose(String what, JsonObject expected, NDArray actual) {
        assertEquals(shape(expected), actual.getShape(), what + ": shape");
        double[] want = data(expected);
        float[] got = actual.toType(DataType.FLOAT32, false).toFloatArray();
        double[] widened = new double[got.length];
        for (int i = 0; i < got.length; i++) {
            widened[i] = got[i];
            assertTrue(Double.isFinite(widened[i]), what + ": not finite at " + i);
        }
        assertArrayEquals(want, widened, TOLERANCE, what);
    }

    private static Shape shape(JsonObject t) {
        return new Shape(StreamSupport.stream(t.getAsJsonArray("shape").spliterator(), false)
                .mapToLong(JsonElement::getAsLong).toArray());
    }

    private static double[] data(JsonObject t) {
        return StreamSupport.stream(t.getAsJsonArray("data").spliterator(), false)
                .mapToDouble(JsonElement::getAsDouble).toArray();
    }
}

package org.pretrain4j.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.typesafe.config.Config;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.TaskModel;
import org.pretrain4j.core.build.ComponentBuilder;
import org.pretrain4j.core.config.ConfigLoader;
import org.pretrain4j.core.inspect.ModelSummary;
import org.pretrain4j.core.weights.Pretrained;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code build CONFIG}: instantiates the model, loads the weights its init_cfgs and {@code load_from} name (printing
 * what matched), runs one inference forward pass on a random batch and prints the module table, ending with
 * {@code total params: N}.
 */
@Command(name = "build", description = "Build the model of a config, run a forward pass on a random batch and "
        + "print its modules with parameter counts and output shapes.")
final class BuildCommand implements Callable<Integer> {
    @Parameters(paramLabel = "CONFIG", description = "A HOCON config file.")
    Path config;

    @Mixin
    Overrides overrides;

    @Option(names = "--input-shape", paramLabel = "C,H,W", defaultValue = "3,224,224",
            description = "Shape of one input image (default: ${DEFAULT-VALUE}, as mmpretrain's get_flops).")
    String inputShape;

    @Option(names = "--batch-size", defaultValue = "1", description = "Images in the random batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--depth", defaultValue = "2", description = "Levels of modules to show (default: ${DEFAULT-VALUE}).")
    int depth;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Shape shape = parseShape();
        ComponentBuilder builder = new ComponentBuilder(Registries.of(spec));
        Config root = new ConfigLoader().load(config, overrides.values).config();
        TaskModel model = builder.buildModel(root);
        PrintWriter out = spec.commandLine().getOut();
        try (NDManager manager = NDManager.newBaseManager()) {
            model.initialize(manager, DataType.FLOAT32, shape);
            for (Pretrained.Outcome o : Pretrained.initAndLoad(model, builder.pretrainedInits(),
                    ConfigView.of(root.root(), ""))) {
                out.printf("%s%n%n", o.summary());
            }
            NDArray input = manager.randomNormal(shape);
            long start = System.nanoTime();
            NDList output = model.forward(new ParameterStore(manager, false), new NDList(input), false);
            long millis = (System.nanoTime() - start) / 1_000_000;
            String actual = shapes(output.getShapes());
            String declared = shapes(model.getOutputShapes(new Shape[] {shape}));
            if (!actual.equals(declared)) {
                throw new Pretrain4jException("the model's forward pass returned " + actual
                        + " but its getOutputShapes declares " + declared + "; a component's shape code is wrong");
            }
            out.printf("forward: input %s -> output %s in %d ms%n%n", shape, actual, millis);
            out.print(ModelSummary.of(model, depth).render());
        }
        return 0;
    }

    private Shape parseShape() {
        try {
            long[] dims = Arrays.stream(inputShape.split(",")).map(String::trim).mapToLong(Long::parseLong).toArray();
            if (dims.length != 3 || Arrays.stream(dims).anyMatch(d -> d <= 0) || batchSize <= 0) {
                throw new NumberFormatException();
            }
            long[] full = new long[4];
            full[0] = batchSize;
            System.arraycopy(dims, 0, full, 1, 3);
            return new Shape(full);
        } catch (NumberFormatException e) {
            throw new ConfigException("--input-shape", "command line",
                    "expected three positive integers C,H,W (and a positive --batch-size), got '" + inputShape + "'");
        }
    }

    private static String shapes(Shape[] shapes) {
        return Arrays.stream(shapes).map(Shape::toString).collect(Collectors.joining(" "));
    }
}

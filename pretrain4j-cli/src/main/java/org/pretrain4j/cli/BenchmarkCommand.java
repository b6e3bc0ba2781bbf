package org.pretrain4j.cli;

import ai.djl.ndarray.types.Shape;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.core.benchmark.Benchmark;
import org.pretrain4j.core.benchmark.BenchmarkResult;
import org.pretrain4j.core.benchmark.RawDjlResNetCifar;
import org.pretrain4j.core.config.ConfigLoader;
import org.pretrain4j.core.registry.ComponentRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code benchmark CONFIG}: training or inference throughput of a config's model, with the step time split into
 * data, forward, backward and optimizer, resident memory and GFLOP/s against a matmul roofline; ends with a
 * {@code RESULT {json}} line for scripts. {@code benchmark --raw-djl resnet18_cifar} runs the hand-written raw-DJL
 * baseline instead.
 */
@Command(name = "benchmark", description = "Measure training or inference throughput of a config's model (or of "
        + "the raw-DJL baseline with --raw-djl) and where the step time goes; the last line is RESULT {json}.")
final class BenchmarkCommand implements Callable<Integer> {
    /** Read by DJL's PyTorch engine once, when it starts. */
    static final String THREADS_PROPERTY = "ai.djl.pytorch.num_threads";

    @Parameters(paramLabel = "CONFIG", arity = "0..1", description = "A HOCON config file (omit with --raw-djl).")
    Path config;

    @Mixin
    Overrides overrides;

    @Option(names = "--raw-djl", paramLabel = "NETWORK",
            description = "Benchmark the network hand-written on plain DJL blocks instead of a config: "
                    + RawDjlResNetCifar.NAME + " (batch 64, 3,32,32 unless given).")
    String rawDjl;

    @Option(names = "--batch-size", defaultValue = "0",
            description = "Images per step (default: the config's train_dataloader.batch_size, else 32; 64 for "
                    + "--raw-djl).")
    int batchSize;

    @Option(names = "--steps", defaultValue = "20", description = "Measured steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--warmup", defaultValue = "3", description = "Untimed steps first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--mode", defaultValue = "train", paramLabel = "train|infer",
            description = "train: forward with loss, backward, optimizer; infer: forward only (default: "
                    + "${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--data", defaultValue = "synthetic", paramLabel = "synthetic|real",
            description = "synthetic: one random batch; real: the config's train_dataloader (default: "
                    + "${DEFAULT-VALUE}).")
    String data;

    @Option(names = "--input-shape", paramLabel = "C,H,W",
            description = "One image's shape for synthetic data (default: the train pipeline's output, else "
                    + "3,224,224).")
    String inputShape;

    @Option(names = "--threads", paramLabel = "N",
            description = "libtorch intra-op threads (default: DJL's choice, the number of cores).")
    Integer threads;

    @Option(names = "--profile", paramLabel = "FILE",
            description = "After the measured steps, run one more under libtorch's operator profiler and write its "
                    + "Chrome trace to FILE (summarise with bench/profile_summary.py).")
    Path profile;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        // Must happen before anything starts the engine: libtorch reads its thread count once, at start-up.
        if (threads != null) {
            if (threads <= 0) {
                throw new ConfigException("--threads", "command line", "expected a positive integer, got " + threads);
            }
            System.setProperty(THREADS_PROPERTY, Integer.toString(threads));
        }
        Benchmark.Options options = new Benchmark.Options(positive("--batch-size", batchSize, true),
                positive("--steps", steps, false), nonNegative("--warmup", warmup), mode(), data(), shape(), profile);
        BenchmarkResult result;
        if (rawDjl != null) {
            if (config != null) {
                throw new ConfigException("CONFIG", "command line", "give either a config or --raw-djl, not both");
            }
            result = Benchmark.runRawDjl(rawDjl, options);
        } else {
            if (config == null) {
                throw new ConfigException("CONFIG", "command line", "missing config file (or --raw-djl "
                        + RawDjlResNetCifar.NAME + ")");
            }
            result = Benchmark.run(new ConfigLoader().load(config, overrides.values), ComponentRegistry.ofClasspath(),
                    options);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(result.render());
        out.println("RESULT " + result.toJson());
        return 0;
    }

    private Benchmark.Mode mode() {
        return switch (mode.toLowerCase(Locale.ROOT)) {
            case "train" -> Benchmark.Mode.TRAIN;
            case "infer" -> Benchmark.Mode.INFER;
            default -> throw new ConfigException("--mode", "command line", "expected train or infer, got '" + mode
                    + "'");
        };
    }

    private Benchmark.DataSource data() {
        return switch (data.toLowerCase(Locale.ROOT)) {
            case "synthetic" -> Benchmark.DataSource.SYNTHETIC;
            case "real" -> Benchmark.DataSource.REAL;
            default -> throw new ConfigException("--data", "command line", "expected synthetic or real, got '" + data
                    + "'");
        };
    }

    private Shape shape() {
        if (inputShape == null) {
            return null;
        }
        try {
            long[] dims = Arrays.stream(inputShape.split(",")).map(String::trim).mapToLong(Long::parseLong).toArray();
            if (dims.length != 3 || Arrays.stream(dims).anyMatch(d -> d <= 0)) {
                throw new NumberFormatException();
            }
            return new Shape(dims);
        } catch (NumberFormatException e) {
            throw new ConfigException("--input-shape", "command line", "expected three positive integers C,H,W, got '"
                    + inputShape + "'");
        }
    }

    private static int positive(String option, int value, boolean zeroAllowed) {
        if (value < 0 || value == 0 && !zeroAllowed) {
            throw new ConfigException(option, "command line", "expected a positive integer, got " + value);
        }
        return value;
    }

    private static int nonNegative(String option, int value) {
        if (value < 0) {
            throw new ConfigException(option, "command line", "expected a non-negative integer, got " + value);
        }
        return value;
    }
}

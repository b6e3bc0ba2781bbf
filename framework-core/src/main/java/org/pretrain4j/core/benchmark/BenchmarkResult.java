package org.pretrain4j.core.benchmark;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What one benchmark run measured. Times are means over the measured steps (warm-up excluded) in milliseconds;
 * {@code otherMs} is what the four phases do not cover (mostly freeing the step's native memory), so data, forward,
 * backward, optimizer and other add up to {@code meanStepMs}.
 *
 * @param workload the config file or the raw-DJL network
 * @param mode {@code train} or {@code infer}
 * @param data {@code synthetic} or {@code real}
 * @param batchSize images per step
 * @param inputShape one image's shape, {@code C,H,W}
 * @param steps measured steps
 * @param warmup untimed steps before them
 * @param threads libtorch intra-op threads ({@code ai.djl.pytorch.num_threads}, else the core count)
 * @param optimizer the optimizer and its hyper-parameters, or {@code -} for inference
 * @param parameters trainable parameters, PyTorch-style (no BatchNorm running statistics)
 * @param imagesPerSecond throughput over the measured steps (total images / total time)
 * @param meanStepMs mean wall time of a step
 * @param medianStepMs median wall time of a step
 * @param dataMs mean time to get the batch as tensors (loader wait plus host-to-tensor conversion)
 * @param loaderWaitMs the part of {@code dataMs} spent blocked on the loader (0 for synthetic data)
 * @param forwardMs mean forward time, the loss included when training
 * @param backwardMs mean backward time
 * @param optimizerMs mean optimizer update time, gradient zeroing included
 * @param otherMs mean remainder of the step
 * @param forwardGflopPerImage forward GFLOP per image by {@link FlopCounter} (conv and linear layers only)
 * @param achievedGflops GFLOP/s of the run: {@code forwardGflopPerImage x (3 when training, else 1) x images/s}
 * @param matmulGflops the 2048x2048 float32 matmul roofline measured in the same process
 * @param peakRssBytes the resident set's high-water mark ({@code VmHWM}) at the end, -1 if unknown
 * @param probeStep the measured step after which {@code probeRssBytes} was read (100, or fewer for short runs)
 * @param probeRssBytes the resident set after step {@code probeStep}, -1 if unknown
 * @param lastRssBytes the resident set after the last step, -1 if unknown
 */
public record BenchmarkResult(String workload, String mode, String data, int batchSize, String inputShape, int steps,
        int warmup, int threads, String optimizer, long parameters, double imagesPerSecond, double meanStepMs,
        double medianStepMs, double dataMs, double loaderWaitMs, double forwardMs, double backwardMs,
        double optimizerMs, double otherMs, double forwardGflopPerImage, double achievedGflops, double matmulGflops,
        long peakRssBytes, int probeStep, long probeRssBytes, long lastRssBytes) {

    /**
     * The resident set's change from {@code probeStep} to the last step.
     *
     * @return the growth in percent (negative when it shrank), NaN when unknown
     */
    public double rssGrowthPercent() {
        if (probeRssBytes <= 0 || lastRssBytes < 0) {
            return Double.NaN;
        }
        return 100.0 * (lastRssBytes - probeRssBytes) / probeRssBytes;
    }

    /**
     * Throughput from the median step time: on a shared machine a few steps slowed by other processes move the
     * mean, not the median.
     *
     * @return images per second at the median step time
     */
    public double medianImagesPerSecond() {
        return medianStepMs > 0 ? batchSize * 1000.0 / medianStepMs : Double.NaN;
    }

    /**
     * Achieved GFLOP/s as a fraction of the matmul roofline.
     *
     * @return the ratio
     */
    public double rooflineFraction() {
        return matmulGflops > 0 ? achievedGflops / matmulGflops : Double.NaN;
    }

    /**
     * The result as one JSON object, for scripts ({@code bench/compare.sh} reads it).
     *
     * @return compact JSON
     */
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("workload", workload);
        m.put("mode", mode);
        m.put("data", data);
        m.put("batch_size", batchSize);
        m.put("input_shape", inputShape);
        m.put("steps", steps);
        m.put("warmup", warmup);
        m.put("threads", threads);
        m.put("optimizer", optimizer);
        m.put("parameters", parameters);
        m.put("images_per_s", imagesPerSecond);
        m.put("images_per_s_median", medianImagesPerSecond());
        m.put("mean_step_ms", meanStepMs);
        m.put("median_step_ms", medianStepMs);
        m.put("data_ms", dataMs);
        m.put("loader_wait_ms", loaderWaitMs);
        m.put("forward_ms", forwardMs);
        m.put("backward_ms", backwardMs);
        m.put("optimizer_ms", optimizerMs);
        m.put("other_ms", otherMs);
        m.put("forward_gflop_per_image", forwardGflopPerImage);
        m.put("achieved_gflops", achievedGflops);
        m.put("matmul_gflops", matmulGflops);
        m.put("roofline_fraction", rooflineFraction());
        m.put("peak_rss_mb", mb(peakRssBytes));
        m.put("probe_step", probeStep);
        m.put("rss_at_probe_mb", mb(probeRssBytes));
        m.put("rss_last_mb", mb(lastRssBytes));
        m.put("rss_growth_pct", rssGrowthPercent());
        StringBuilder json = new StringBuilder("{");
        m.forEach((k, v) -> {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"').append(k).append("\":").append(jsonValue(v));
        });
        return json.append('}').toString();
    }

    /**
     * A human-readable report, several lines.
     *
     * @return the report
     */
    public String render() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "workload   %s, %s, %s data, batch %d, input %s, %d threads%n", workload,
                mode, data, batchSize, inputShape, threads));
        s.append(String.format(Locale.ROOT, "optimizer  %s%n", optimizer));
        s.append(String.format(Locale.ROOT, "params     %,d%n", parameters));
        s.append(String.format(Locale.ROOT, "steps      %d measured after %d warm-up%n", steps, warmup));
        s.append(String.format(Locale.ROOT, "throughput %.2f images/s (%.2f at the median step time)%n",
                imagesPerSecond, medianImagesPerSecond()));
        s.append(String.format(Locale.ROOT, "step time  mean %.1f ms, median %.1f ms%n", meanStepMs, medianStepMs));
        s.append(String.format(Locale.ROOT, "  data      %8.1f ms %5.1f%%  (loader wait %.1f ms)%n", dataMs,
                pct(dataMs), loaderWaitMs));
        s.append(String.format(Locale.ROOT, "  forward   %8.1f ms %5.1f%%%s%n", forwardMs, pct(forwardMs),
                mode.equals("train") ? "  (with loss)" : ""));
        s.append(String.format(Locale.ROOT, "  backward  %8.1f ms %5.1f%%%n", backwardMs, pct(backwardMs)));
        s.append(String.format(Locale.ROOT, "  optimizer %8.1f ms %5.1f%%  (update and zeroing gradients)%n",
                optimizerMs, pct(optimizerMs)));
        s.append(String.format(Locale.ROOT, "  other     %8.1f ms %5.1f%%  (closing the step's memory)%n", otherMs,
                pct(otherMs)));
        s.append(String.format(Locale.ROOT, "compute    %.3f GFLOP/image forward (conv + linear only)%s, "
                + "%.1f GFLOP/s achieved%n", forwardGflopPerImage, mode.equals("train") ? ", x3 for training" : "",
                achievedGflops));
        s.append(String.format(Locale.ROOT, "roofline   %.1f GFLOP/s (2048x2048 float32 matmul, best of 5); "
                + "achieved/roofline %.2f%n", matmulGflops, rooflineFraction()));
        s.append(String.format(Locale.ROOT, "memory     peak RSS %.0f MB; RSS %.0f MB after step %d, %.0f MB after "
                + "step %d (%+.1f%%)%n", mb(peakRssBytes), mb(probeRssBytes), probeStep, mb(lastRssBytes), steps,
                rssGrowthPercent()));
        return s.toString();
    }

    private double pct(double ms) {
        return meanStepMs > 0 ? 100.0 * ms / meanStepMs : 0;
    }

    private static double mb(long bytes) {
        return bytes < 0 ? Double.NaN : bytes / (1024.0 * 1024.0);
    }

    private static String jsonValue(Object v) {
        if (v instanceof String str) {
            return '"' + str.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }
        if (v instanceof Double d) {
            // JSON has no NaN; null tells a script the figure is unknown.
            return d.isNaN() || d.isInfinite() ? "null" : String.format(Locale.ROOT, "%.4f", d);
        }
        return String.valueOf(v);
    }
}

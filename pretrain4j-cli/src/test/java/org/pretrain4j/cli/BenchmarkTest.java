package org.pretrain4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pretrain4j.core.benchmark.Benchmark;
import org.pretrain4j.core.benchmark.BenchmarkResult;
import org.pretrain4j.core.config.ConfigLoader;
import org.pretrain4j.core.registry.ComponentRegistry;

/** The benchmark on a tiny ResNet_CIFAR: every figure is filled in and the phases add up to the step time. */
final class BenchmarkTest {
    private static final String TINY_CIFAR = """
            model {
              type = ImageClassifier
              backbone { type = ResNet_CIFAR, depth = 18, stem_channels = 4, base_channels = 4, out_indices = [3] }
              neck { type = GlobalAveragePooling }
              head { type = LinearClsHead, num_classes = 10, in_channels = 32, loss { type = CrossEntropyLoss } }
            }
            """;

    @Test
    void trainStepsReportPositiveFiguresAndASplitThatAddsUp() {
        BenchmarkResult r = Benchmark.run(new ConfigLoader().loadString(TINY_CIFAR, "tiny.conf", List.of()),
                ComponentRegistry.ofClasspath(), new Benchmark.Options(4, 3, 1, Benchmark.Mode.TRAIN,
                        Benchmark.DataSource.SYNTHETIC, new Shape(3, 16, 16)));
        assertEquals("train", r.mode());
        assertEquals("3,16,16", r.inputShape());
        assertTrue(r.optimizer().contains("default"), r.optimizer());
        for (double v : new double[] {r.imagesPerSecond(), r.meanStepMs(), r.medianStepMs(), r.dataMs(),
                r.forwardMs(), r.backwardMs(), r.optimizerMs(), r.forwardGflopPerImage(), r.achievedGflops(),
                r.matmulGflops(), r.parameters(), r.peakRssBytes(), r.probeRssBytes(), r.lastRssBytes()}) {
            assertTrue(v > 0, r.toJson());
        }
        assertEquals(3, r.probeStep());
        double phases = r.dataMs() + r.forwardMs() + r.backwardMs() + r.optimizerMs();
        // The remainder is closing the step's manager: small next to the phases, never negative.
        assertTrue(phases <= r.meanStepMs() * 1.001 && phases >= 0.7 * r.meanStepMs(), r.toJson());
        assertEquals(r.meanStepMs(), phases + r.otherMs(), 1e-6 * r.meanStepMs() + 1e-9);
        assertEquals(r.forwardGflopPerImage() * 3 * r.imagesPerSecond(), r.achievedGflops(), 1e-6);
    }

    @Test
    void selfSupervisedModelTrainsOnSyntheticViews() {
        String tinyMae = """
                model {
                  type = MAE
                  backbone {
                    type = MAEViT, img_size = 8, patch_size = 4, in_channels = 1, mask_ratio = 0.75
                    arch { embed_dims = 16, num_layers = 1, num_heads = 2, feedforward_channels = 32 }
                  }
                  neck {
                    type = MAEPretrainDecoder, num_patches = 4, patch_size = 4, in_chans = 1, embed_dim = 16
                    decoder_embed_dim = 8, decoder_depth = 1, decoder_num_heads = 2, mlp_ratio = 2.0
                  }
                  head {
                    type = MAEPretrainHead, norm_pix = true, patch_size = 4, in_channels = 1
                    loss { type = PixelReconstructionLoss, criterion = L2 }
                  }
                }
                optim_wrapper.optimizer { type = AdamW, lr = 0.001, betas = [0.9, 0.95], weight_decay = 0.05 }
                """;
        BenchmarkResult r = Benchmark.run(new ConfigLoader().loadString(tinyMae, "mae.conf", List.of()),
                ComponentRegistry.ofClasspath(), new Benchmark.Options(4, 2, 1, Benchmark.Mode.TRAIN,
                        Benchmark.DataSource.SYNTHETIC, new Shape(1, 8, 8)));
        assertEquals("train", r.mode());
        assertTrue(r.optimizer().contains("AdamW"), r.optimizer());
        assertTrue(r.backwardMs() > 0 && r.optimizerMs() > 0 && r.parameters() > 0, r.toJson());
    }

    @Test
    void commandRunsInferenceOnRealDataAndEndsWithAResultLine() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"benchmark", "../configs/fashion_mnist/quickstart.conf", "--mode", "infer",
            "--data", "real", "--steps", "2", "--warmup", "0", "--batch-size", "8",
            "--set", "data_root=../data/fashion-mnist-subset", "--set", "model.backbone.base_channels=4",
            "--set", "model.head.in_channels=32"}, new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, code, err.toString());
        List<String> lines = out.toString().lines().toList();
        String last = lines.get(lines.size() - 1);
        assertTrue(last.startsWith("RESULT {") && last.endsWith("}"), last);
        assertTrue(last.contains("\"mode\":\"infer\"") && last.contains("\"data\":\"real\"")
                && last.contains("\"batch_size\":8"), last);
        assertTrue(out.toString().contains("throughput"), out.toString());
    }

    @Test
    void rejectsBadModeWithExitTwo() {
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"benchmark", "--raw-djl", "resnet18_cifar", "--mode", "fly"},
                new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        assertEquals(2, code);
        assertTrue(err.toString().contains("--mode"), err.toString());
    }
}

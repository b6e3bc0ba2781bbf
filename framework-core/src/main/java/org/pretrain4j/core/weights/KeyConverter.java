package org.pretrain4j.core.weights;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.pretrain4j.api.CheckpointException;
import org.pretrain4j.core.checkpoint.SafeTensors;
import org.pretrain4j.core.checkpoint.WeightFile;

/**
 * Renames the state-dict keys of torchvision and timm models to mmpretrain's, which are this project's native names,
 * as mmpretrain's {@code tools/model_converters} do. Classifier keys get {@code backbone.} and {@code head.} prefixes,
 * so a converted file loads straight into an {@code ImageClassifier}. Tensors are not changed: torchvision's fused
 * {@code in_proj} and timm's {@code qkv} already stack q, k and v as mmpretrain's {@code qkv} does.
 *
 * <p>Each (source, architecture) pair is a table of rules, tried in order; a key no rule matches is an error, so a
 * wrongly detected architecture or an unsupported variant fails instead of producing a half-converted file.
 */
public final class KeyConverter {
    /** Where a checkpoint's names come from ({@code --from}). */
    public enum Source {
        /** torchvision's model zoo. */
        TORCHVISION,
        /** timm (pytorch-image-models). */
        TIMM,
        /** mmpretrain itself: keys are kept, only the container changes (e.g. .pth to safetensors). */
        MMPRETRAIN;

        /**
         * The spelling on the command line.
         *
         * @return e.g. {@code torchvision}
         */
        public String cliName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The architectures converted ({@code --arch}). */
    public enum Arch {
        /** ResNet (torchvision/timm {@code resnet*}) to mmpretrain {@code ResNet}. */
        RESNET,
        /** Vision Transformer to mmpretrain {@code VisionTransformer} + {@code VisionTransformerClsHead}. */
        VIT,
        /** MobileNetV2 to mmpretrain {@code MobileNetV2}. */
        MOBILENET_V2;

        /**
         * The spelling on the command line.
         *
         * @return e.g. {@code mobilenet_v2}
         */
        public String cliName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One renaming rule: a full-match pattern and what a match becomes. */
    private record Rule(Pattern pattern, Function<MatchResult, String> rename) {}

    /** A table: the keys that identify the architecture in this naming, and the rules. */
    private record Table(Set<String> markers, List<Rule> rules) {}

    /**
     * MobileNetV2's seven stages hold 1, 2, 3, 4, 3, 3 and 1 inverted-residual blocks (mmpretrain's
     * {@code arch_settings}); torchvision numbers them consecutively as {@code features.1} to {@code features.17}.
     */
    private static final int[] MOBILENET_V2_BLOCKS = {1, 2, 3, 4, 3, 3, 1};

    private static final String BN = "(weight|bias|running_mean|running_var|num_batches_tracked)";
    private static final String WB = "(weight|bias)";

    private static final Table RESNET = new Table(Set.of("conv1.weight", "layer1.0.conv1.weight"), List.of(
            rule("fc\\." + WB, "head.fc.$1"),
            rule("((?:conv1|bn1|layer[1-4])\\..+)", "backbone.$1")));

    private static final Map<Source, Map<Arch, Table>> TABLES = Map.of(
            Source.TORCHVISION, Map.of(
                    Arch.RESNET, RESNET,
                    Arch.VIT, torchvisionVit(),
                    Arch.MOBILENET_V2, torchvisionMobileNetV2()),
            Source.TIMM, Map.of(
                    Arch.RESNET, RESNET,
                    Arch.VIT, timmVit(),
                    Arch.MOBILENET_V2, timmMobileNetV2()));

    private KeyConverter() {}

    /** A rule whose replacement names groups as {@code $1} to {@code $9}. */
    private static Rule rule(String regex, String replacement) {
        return new Rule(Pattern.compile(regex), m -> {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < replacement.length(); i++) {
                char c = replacement.charAt(i);
                sb.append(c == '$' ? m.group(replacement.charAt(++i) - '0') : String.valueOf(c));
            }
            return sb.toString();
        });
    }

    private static Rule rule(String regex, Function<MatchResult, String> rename) {
        return new Rule(Pattern.compile(regex), rename);
    }

    private static Table torchvisionVit() {
        String layer = "encoder\\.layers\\.encoder_layer_(\\d+)\\.";
        String to = "backbone.layers.$1.";
        return new Table(Set.of("class_token", "encoder.pos_embedding"), List.of(
                rule("class_token", "backbone.cls_token"),
                rule("conv_proj\\." + WB, "backbone.patch_embed.projection.$1"),
                rule("encoder\\.pos_embedding", "backbone.pos_embed"),
                rule(layer + "ln_1\\." + WB, to + "ln1.$2"),
                rule(layer + "self_attention\\.in_proj_" + WB, to + "attn.qkv.$2"),
                rule(layer + "self_attention\\.out_proj\\." + WB, to + "attn.proj.$2"),
                rule(layer + "ln_2\\." + WB, to + "ln2.$2"),
                // torchvision 0.13+ names the MLP's linears 0 and 3; older releases linear_1 and linear_2.
                rule(layer + "mlp\\.(?:0|linear_1)\\." + WB, to + "ffn.layers.0.0.$2"),
                rule(layer + "mlp\\.(?:3|linear_2)\\." + WB, to + "ffn.layers.1.$2"),
                rule("encoder\\.ln\\." + WB, "backbone.ln1.$1"),
                rule("heads\\.head\\." + WB, "head.layers.head.$1"),
                rule("heads\\.pre_logits\\." + WB, "head.layers.pre_logits.$1")));
    }

    private static Table timmVit() {
        String block = "blocks\\.(\\d+)\\.";
        String to = "backbone.layers.$1.";
        return new Table(Set.of("cls_token", "pos_embed", "blocks.0.attn.qkv.weight"), List.of(
                rule("cls_token", "backbone.cls_token"),
                rule("pos_embed", "backbone.pos_embed"),
                rule("patch_embed\\.proj\\." + WB, "backbone.patch_embed.projection.$1"),
                rule(block + "norm1\\." + WB, to + "ln1.$2"),
                rule(block + "attn\\.qkv\\." + WB, to + "attn.qkv.$2"),
                rule(block + "attn\\.proj\\." + WB, to + "attn.proj.$2"),
                rule(block + "norm2\\." + WB, to + "ln2.$2"),
                rule(block + "mlp\\.fc1\\." + WB, to + "ffn.layers.0.0.$2"),
                rule(block + "mlp\\.fc2\\." + WB, to + "ffn.layers.1.$2"),
                // Layer scale: timm's ls1/ls2 (older gamma_1/gamma_2) are mmpretrain's gamma1/gamma2 LayerScale.
                rule(block + "(?:ls1\\.gamma|gamma_1)", to + "attn.gamma1.weight"),
                rule(block + "(?:ls2\\.gamma|gamma_2)", to + "ffn.gamma2.weight"),
                rule("norm\\." + WB, "backbone.ln1.$1"),
                // With global average pooling timm normalises after pooling, as mmpretrain's avg_featmap ln2 does.
                rule("fc_norm\\." + WB, "backbone.ln2.$1"),
                rule("head\\." + WB, "head.layers.head.$1")));
    }

    private static Table torchvisionMobileNetV2() {
        int last = Arrays.stream(MOBILENET_V2_BLOCKS).sum() + 1;
        return new Table(Set.of("features.0.0.weight", "features.1.conv.0.0.weight"), List.of(
                rule("features\\.0\\.0\\.weight", "backbone.conv1.conv.weight"),
                rule("features\\.0\\.1\\." + BN, "backbone.conv1.bn.$1"),
                rule("features\\." + last + "\\.0\\.weight", "backbone.conv2.conv.weight"),
                rule("features\\." + last + "\\.1\\." + BN, "backbone.conv2.bn.$1"),
                rule("features\\.(\\d+)\\.conv\\.(\\d+(?:\\.\\d+)?)\\.(.+)", m -> {
                    int[] at = mobileNetV2Block(Integer.parseInt(m.group(1)));
                    String part = torchvisionInvertedResidualPart(at[0] == 1, m.group(2));
                    return part == null || at[0] < 0 ? null
                            : "backbone.layer" + at[0] + "." + at[1] + ".conv." + part + "." + m.group(3);
                }),
                rule("classifier\\.1\\." + WB, "head.fc.$1")));
    }

    /** The stage (1-based, mmpretrain's {@code layerN}) and block index of torchvision's {@code features.i}. */
    private static int[] mobileNetV2Block(int feature) {
        int first = 1;
        for (int stage = 0; stage < MOBILENET_V2_BLOCKS.length; stage++) {
            if (feature < first + MOBILENET_V2_BLOCKS[stage]) {
                return new int[] {stage + 1, feature - first};
            }
            first += MOBILENET_V2_BLOCKS[stage];
        }
        return new int[] {-1, -1};
    }

    /**
     * torchvision's InvertedResidual is {@code conv = [ConvBNReLU (expand), ConvBNReLU (depthwise), Conv2d, BN]},
     * without the first when the expansion is 1 (stage 1); mmpretrain's is {@code conv = [ConvModule...]} with
     * {@code .conv} and {@code .bn} inside each.
     */
    private static String torchvisionInvertedResidualPart(boolean noExpand, String part) {
        return switch (part) {
            case "0.0" -> "0.conv";
            case "0.1" -> "0.bn";
            case "1" -> noExpand ? "1.conv" : null;
            case "2" -> noExpand ? "1.bn" : "2.conv";
            case "1.0" -> noExpand ? null : "1.conv";
            case "1.1" -> noExpand ? null : "1.bn";
            case "3" -> noExpand ? null : "2.bn";
            default -> null;
        };
    }

    private static Table timmMobileNetV2() {
        // timm: stage 0 is a DepthwiseSeparableConv (conv_dw, bn1, conv_pw, bn2), the rest InvertedResidual
        // (conv_pw, bn1, conv_dw, bn2, conv_pwl, bn3); mmpretrain numbers the stages from layer1.
        Map<String, String> first = Map.of("conv_dw", "0.conv", "bn1", "0.bn", "conv_pw", "1.conv", "bn2", "1.bn");
        Map<String, String> rest = Map.of("conv_pw", "0.conv", "bn1", "0.bn", "conv_dw", "1.conv", "bn2", "1.bn",
                "conv_pwl", "2.conv", "bn3", "2.bn");
        return new Table(Set.of("conv_stem.weight", "blocks.0.0.conv_dw.weight", "conv_head.weight"), List.of(
                rule("conv_stem\\.weight", "backbone.conv1.conv.weight"),
                rule("bn1\\." + BN, "backbone.conv1.bn.$1"),
                rule("blocks\\.(\\d+)\\.(\\d+)\\.(conv_dw|conv_pw|conv_pwl|bn1|bn2|bn3)\\.(.+)", m -> {
                    int stage = Integer.parseInt(m.group(1));
                    String part = (stage == 0 ? first : rest).get(m.group(3));
                    return part == null || stage >= MOBILENET_V2_BLOCKS.length ? null : "backbone.layer" + (stage + 1)
                            + "." + m.group(2) + ".conv." + part + "." + m.group(4);
                }),
                rule("conv_head\\.weight", "backbone.conv2.conv.weight"),
                rule("bn2\\." + BN, "backbone.conv2.bn.$1"),
                rule("classifier\\." + WB, "head.fc.$1")));
    }

    /**
     * Finds the architecture whose identifying keys a checkpoint has.
     *
     * @param source the naming
     * @param keys the checkpoint's keys
     * @return the architecture, or empty when none (or, impossibly, several) match
     */
    public static Optional<Arch> detect(Source source, Collection<String> keys) {
        requireNonNull(source, "source is null");
        Set<String> have = Set.copyOf(keys);
        List<Arch> hits = TABLES.getOrDefault(source, Map.of()).entrySet().stream()
                .filter(e -> have.containsAll(e.getValue().markers())).map(Map.Entry::getKey).toList();
        return hits.size() == 1 ? Optional.of(hits.get(0)) : Optional.empty();
    }

    /**
     * Maps every key of a checkpoint to its mmpretrain name.
     *
     * @param source the naming of the keys
     * @param arch the architecture (ignored for {@link Source#MMPRETRAIN})
     * @param keys the keys, in order
     * @return old key to new key, in the given order
     * @throws CheckpointException listing the keys no rule converts
     */
    public static Map<String, String> convert(Source source, Arch arch, Collection<String> keys) {
        requireNonNull(source, "source is null");
        Map<String, String> out = new LinkedHashMap<>();
        if (source == Source.MMPRETRAIN) {
            keys.forEach(k -> out.put(k, k));
            return out;
        }
        Table table = TABLES.get(source).get(requireNonNull(arch, "arch is null"));
        List<String> unmatched = new ArrayList<>();
        for (String key : keys) {
            String renamed = null;
            for (Rule r : table.rules()) {
                Matcher m = r.pattern().matcher(key);
                if (m.matches()) {
                    renamed = r.rename().apply(m.toMatchResult());
                    break;
                }
            }
            if (renamed == null) {
                unmatched.add(key);
            } else if (out.containsValue(renamed)) {
                throw new CheckpointException("two " + source.cliName() + " keys map to '" + renamed + "'");
            } else {
                out.put(key, renamed);
            }
        }
        if (!unmatched.isEmpty()) {
            throw new CheckpointException(unmatched.size() + " keys are not " + source.cliName() + " "
                    + arch.cliName() + " keys this converter knows (another architecture or variant?): "
                    + unmatched.stream().limit(10).collect(Collectors.joining(", "))
                    + (unmatched.size() > 10 ? ", ..." : ""));
        }
        return out;
    }

    /**
     * What {@link #convertFile} did.
     *
     * @param input the file read
     * @param inputFormat its detected format
     * @param output the safetensors file written
     * @param source the naming converted from
     * @param arch the architecture (null for {@link Source#MMPRETRAIN})
     * @param archDetected whether the architecture was detected rather than given
     * @param tensors how many tensors were written
     * @param notes what reading the input did (see {@link WeightFile#notes})
     */
    public record FileConversion(Path input, WeightFile.Format inputFormat, Path output, Source source, Arch arch,
            boolean archDetected, int tensors, List<String> notes) {
        /**
         * Copies the notes.
         *
         * @param input the file read
         * @param inputFormat its format
         * @param output the file written
         * @param source the naming
         * @param arch the architecture
         * @param archDetected whether it was detected
         * @param tensors the tensor count
         * @param notes reading notes
         */
        public FileConversion {
            notes = List.copyOf(notes);
        }
    }

    /**
     * Converts a checkpoint of any readable format to a safetensors file with mmpretrain names, atomically.
     *
     * @param input a .pth, .npz or .safetensors file
     * @param output the safetensors file to create or replace
     * @param source the input's naming
     * @param arch the architecture, or null to detect it from the keys
     * @return what was done
     * @throws CheckpointException if the input cannot be read, its architecture cannot be detected, a key is unknown,
     *     or the output cannot be written (an existing output is then unchanged)
     */
    public static FileConversion convertFile(Path input, Path output, Source source, Arch arch) {
        requireNonNull(output, "output is null");
        requireNonNull(source, "source is null");
        try (WeightFile in = WeightFile.open(input); NDManager manager = NDManager.newBaseManager()) {
            Set<String> keys = in.tensors().keySet();
            Arch resolved = arch;
            if (resolved == null && source != Source.MMPRETRAIN) {
                resolved = detect(source, keys).orElseThrow(() -> new CheckpointException("cannot tell which "
                        + "architecture " + input + " holds from its " + source.cliName() + " keys (first: "
                        + keys.stream().limit(5).collect(Collectors.joining(", ")) + "); pass --arch "
                        + Arrays.stream(Arch.values()).map(Arch::cliName).collect(Collectors.joining("|"))));
            }
            Map<String, String> names = convert(source, resolved, keys);
            Map<String, NDArray> values = in.read(manager, k -> true);
            Map<String, NDArray> renamed = new LinkedHashMap<>();
            names.forEach((from, to) -> renamed.put(to, values.get(from)));
            Map<String, String> metadata = new LinkedHashMap<>();
            metadata.put("format", "pt");
            metadata.put("converted_from", source.cliName());
            if (resolved != null) {
                metadata.put("arch", resolved.cliName());
            }
            metadata.put("source_file", String.valueOf(input.getFileName()));
            SafeTensors.write(output, renamed, metadata);
            return new FileConversion(input, in.format(), output, source, resolved,
                    arch == null && resolved != null, renamed.size(), in.notes());
        }
    }
}

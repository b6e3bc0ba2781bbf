package org.pretrain4j.core.inspect;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A table of modules with their parameter counts and output shapes, like the model summaries of timm or torchinfo.
 * Output shapes come from each initialised block's recorded input shapes, so the model must be initialised first.
 */
public final class ModelSummary {
    /**
     * One row.
     *
     * @param name dotted module name
     * @param type the block's class
     * @param params parameters (PyTorch's count, buffers excluded)
     * @param outputShape the output shape(s), or {@code -} when unknown
     */
    public record Row(String name, String type, long params, String outputShape) {}

    private final List<Row> rows;
    private final long total;

    private ModelSummary(List<Row> rows, long total) {
        this.rows = List.copyOf(rows);
        this.total = total;
    }

    /**
     * Summarises an initialised model down to a depth.
     *
     * @param model the model
     * @param maxDepth how many levels of dotted names to show (1 shows {@code backbone}, {@code neck}, {@code head})
     * @return the summary
     */
    public static ModelSummary of(Block model, int maxDepth) {
        List<Row> rows = new ArrayList<>();
        PairList<String, Shape> modelInput = model.describeInput();
        long batch = modelInput == null || modelInput.isEmpty() ? -1 : modelInput.get(0).getValue().get(0);
        ModuleTree.visit(model, (name, block) -> {
            if (name.split("\\.").length <= maxDepth) {
                rows.add(new Row(name, block.getClass().getSimpleName(), ModuleTree.countParameters(block),
                        outputShape(block, batch)));
            }
        });
        return new ModelSummary(rows, ModuleTree.countParameters(model));
    }

    private static String outputShape(Block block, long batch) {
        PairList<String, Shape> inputs = block.describeInput();
        if (inputs == null || inputs.isEmpty()) {
            return "-";
        }
        try {
            Shape[] in = inputs.values().toArray(new Shape[0]);
            if (block instanceof Linear && batch > 0) {
                // DJL's Linear describes its input without the leading dimensions; put the batch back.
                in[0] = new Shape(batch).addAll(in[0]);
            }
            Shape[] out = block.getOutputShapes(in);
            return Arrays.stream(out).map(Shape::toString).collect(Collectors.joining(" "));
        } catch (RuntimeException e) {
            return "-";
        }
    }

    /**
     * The rows.
     *
     * @return rows in tree order
     */
    public List<Row> rows() {
        return rows;
    }

    /**
     * The model's total parameter count.
     *
     * @return the number of parameters
     */
    public long totalParams() {
        return total;
    }

    /**
     * Renders the table, ending with {@code total params: N}.
     *
     * @return the text
     */
    public String render() {
        int nameWidth = Math.max(6, rows.stream().mapToInt(r -> r.name().length()).max().orElse(0));
        int typeWidth = Math.max(4, rows.stream().mapToInt(r -> r.type().length()).max().orElse(0));
        String fmt = "%-" + nameWidth + "s  %-" + typeWidth + "s  %12s  %s%n";
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(fmt, "module", "type", "params", "output shape"));
        for (Row r : rows) {
            sb.append(String.format(fmt, r.name(), r.type(), String.format("%,d", r.params()), r.outputShape()));
        }
        sb.append("total params: ").append(total).append(System.lineSeparator());
        return sb.toString();
    }
}

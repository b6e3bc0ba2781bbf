package org.pretrain4j.core.build;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;
import org.pretrain4j.api.config.ConfigView;

/**
 * Components built from a config list, run in sequence, each taking the previous one's {@code NDList}: the
 * {@code nn.Sequential} that mmengine's {@code MODELS.build} makes of a list, as in a retriever's
 * {@code image_encoder = [backbone, neck]} or a classifier's {@code neck = [GlobalAveragePooling, ClsBatchNormNeck]}.
 * Children are named {@code 0}, {@code 1}, ..., so checkpoint keys read {@code image_encoder.0.conv1.weight}.
 */
public class ComponentChain extends AbstractBlock {
    private final List<Block> components;

    /**
     * Chains components.
     *
     * @param components at least one block; the first takes the image batch
     */
    public ComponentChain(List<? extends Block> components) {
        super((byte) 1);
        if (components.isEmpty()) {
            throw new IllegalArgumentException("a chain needs at least one component");
        }
        List<Block> added = new ArrayList<>();
        for (int i = 0; i < components.size(); i++) {
            added.add(addChildBlock(Integer.toString(i), components.get(i)));
        }
        this.components = List.copyOf(added);
    }

    /**
     * The component configs under a key that holds either one component or a list of them.
     *
     * @param config the parent config
     * @param key the key
     * @return one view for an object, the list's views for a list
     * @throws org.pretrain4j.api.config.ConfigException if the key is missing, an empty list, or neither an object
     *     nor a list of objects
     */
    public static List<ConfigView> configs(ConfigView config, String key) {
        if (!isList(config, key)) {
            return List.of(config.getView(key));
        }
        List<ConfigView> components = config.getViewList(key);
        if (components.isEmpty()) {
            throw config.error(key, "expected at least one component");
        }
        return components;
    }

    /**
     * Whether a key holds a list of components rather than one.
     *
     * @param config the parent config
     * @param key the key
     * @return true for a list
     */
    public static boolean isList(ConfigView config, String key) {
        config.markRead(key);
        ConfigValue value = config.unwrap().get(key);
        return value != null && value.valueType() == ConfigValueType.LIST;
    }

    /**
     * The components in order.
     *
     * @return the blocks
     */
    public List<Block> components() {
        return components;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList x = inputs;
        for (Block b : components) {
            x = b.forward(parameterStore, x, training);
        }
        return x;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] shapes = inputShapes;
        for (Block b : components) {
            shapes = b.getOutputShapes(shapes);
        }
        return shapes;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] shapes = inputShapes;
        for (Block b : components) {
            b.initialize(manager, dataType, shapes);
            shapes = b.getOutputShapes(shapes);
        }
    }
}

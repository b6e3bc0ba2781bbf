package org.pretrain4j.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.Permission;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.TaskModel;
import org.pretrain4j.core.build.ComponentBuilder;
import org.pretrain4j.core.registry.ComponentRegistry;

/**
 * Run in a fresh JVM by {@link NoNetworkTest}: records every connection or host lookup attempted while plugins load
 * from a plugins directory (as the CLI loads them, through {@link Registries#load}), DJL's engine starts, a model is
 * built from config and one SGD training step runs, and then while a short real run trains with the plugin's hook,
 * validates, writes checkpoints and reads one back. A security manager sees these before any socket opens, including
 * DJL's telemetry call and the EC2 metadata probe.
 *
 * <p>Arguments: {@code --control} makes one deliberate connection; {@code --plugins DIR} loads that plugins directory
 * and adds its {@code GreetHook} to the run's {@code custom_hooks}.
 */
final class NoNetworkProbe {
    private NoNetworkProbe() {}

    static final List<String> ATTEMPTS = new CopyOnWriteArrayList<>();

    @SuppressWarnings("removal")
    public static void main(String[] args) throws Exception {
        System.setSecurityManager(new SecurityManager() {
            @Override
            public void checkConnect(String host, int port) {
                ATTEMPTS.add(host + ":" + port);
            }

            @Override
            public void checkConnect(String host, int port, Object context) {
                checkConnect(host, port);
            }

            @Override
            public void checkPermission(Permission perm) {
                // Everything else is allowed: only network access is being observed.
            }
        });
        List<String> options = List.of(args);
        if (options.contains("--control")) {
            // Proves the recorder works: this attempt must show up.
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", 9), 200);
            } catch (java.io.IOException expected) {
                // nothing listens there; the attempt is what counts
            }
        }
        int plugins = options.indexOf("--plugins");
        ComponentRegistry registry = plugins < 0 ? ComponentRegistry.ofClasspath()
                : Registries.load(List.of(java.nio.file.Path.of(options.get(plugins + 1))));
        System.out.println("PLUGINS " + registry.plugins().size());
        Engine.getInstance();
        TaskModel model = new ComponentBuilder(registry).build(
                org.pretrain4j.api.Kind.MODEL, ConfigView.parse("""
                        type = ImageClassifier
                        backbone { type = ResNet_CIFAR, depth = 18, base_channels = 4 }
                        neck { type = GlobalAveragePooling }
                        head { type = LinearClsHead, num_classes = 10, in_channels = 32 }
                        """));
        try (NDManager manager = NDManager.newBaseManager()) {
            Shape shape = new Shape(4, 3, 32, 32);
            model.initialize(manager, DataType.FLOAT32, shape);
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray x = manager.randomNormal(shape);
            NDArray y = manager.randomInteger(0, 10, new Shape(4), DataType.INT64);
            float loss;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray total = model.loss(ps, new NDList(x), new NDList(y)).total();
                loss = total.getFloat();
                gc.backward(total);
            }
            for (Pair<String, Parameter> p : model.getParameters()) {
                if (p.getValue().requiresGradient()) {
                    NDArray w = p.getValue().getArray();
                    w.subi(w.getGradient().mul(0.01f));
                }
            }
            System.out.println("STEP OK loss=" + loss);
        }
        // A real run: data loading, training, validation, checkpoint writes, then loading the checkpoint back.
        java.nio.file.Path work = java.nio.file.Files.createTempDirectory("no-network");
        List<String> tiny = new java.util.ArrayList<>(List.of("data_root=../data/fashion-mnist-subset",
                "model.backbone.base_channels=4", "model.head.in_channels=32", "train_dataloader.batch_size=16",
                "train_cfg={by_epoch=false, max_iters=4, val_interval=4, _delete_=true}", "param_scheduler=[]",
                "default_hooks.checkpoint={interval=2, by_epoch=false}"));
        if (plugins >= 0) {
            tiny.add("custom_hooks=[{type=GreetHook}]");
        }
        try (org.pretrain4j.core.runner.Trainer trainer = new org.pretrain4j.core.runner.Trainer(
                new org.pretrain4j.core.config.ConfigLoader().load(
                        java.nio.file.Path.of("../configs/fashion_mnist/quickstart.conf"), tiny),
                registry, work, null)) {
            trainer.train();
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            org.pretrain4j.core.checkpoint.SafeTensors.read(work.resolve("iter_4.safetensors"), manager);
        }
        System.out.println("TRAIN OK");
        ATTEMPTS.forEach(a -> System.out.println("CONNECT " + a));
        System.out.flush();
    }
}

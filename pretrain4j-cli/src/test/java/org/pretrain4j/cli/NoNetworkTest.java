package org.pretrain4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hard rule 1: loading a plugin, building a model and running a training step open no network connection. The probe
 * runs in its own JVM so that DJL's engine starts there for the first time, under the offline settings the build
 * configures; the plugin is a jar built here and loaded there from a plugins directory, as the CLI loads plugins.
 */
final class NoNetworkTest {
    @Test
    void surefireRunsDjlOffline() {
        assertEquals("true", System.getenv("DJL_OFFLINE"));
        assertEquals("true", System.getenv("OPT_OUT_TRACKING"));
    }

    @Test
    void pluginLoadEngineStartModelBuildAndTrainingStepMakeNoConnection(@TempDir Path tmp) throws Exception {
        Path plugins = tmp.resolve("plugins");
        GreeterPlugin.write(plugins, tmp.resolve("classes"));
        List<String> lines = probe("--plugins", plugins.toString());
        assertTrue(lines.contains("PLUGINS 1"), "the plugin was loaded: " + lines);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("STEP OK")), "probe did not finish: " + lines);
        assertTrue(lines.contains(GreeterPlugin.AFTER_TRAIN + "4"), "the plugin's hook ran in the training: " + lines);
        assertTrue(lines.contains("TRAIN OK"), "probe's training run did not finish: " + lines);
        // The JDK's font configuration, used when curves.png is drawn, resolves the machine's own host name to name
        // its cache file (sun.font.FcFontConfiguration.getFcInfoFile). That lookup is the only one allowed: it names
        // no remote host, and /etc/hosts answers it on a normally configured machine.
        String self = "CONNECT " + java.net.InetAddress.getLocalHost().getHostName() + ":-1";
        assertEquals(List.of(), lines.stream().filter(l -> l.startsWith("CONNECT") && !l.equals(self)).toList());
    }

    @Test
    void theRecorderSeesADeliberateConnection() throws Exception {
        List<String> lines = probe("--control");
        assertTrue(lines.contains("CONNECT 127.0.0.1:9"), "the detector must be able to fail: " + lines);
    }

    private static List<String> probe(String... args) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "-Djava.security.manager=allow",
                "-cp", System.getProperty("java.class.path"), NoNetworkProbe.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "probe hung");
        assertEquals(0, p.exitValue(), out);
        return out.lines().toList();
    }
}

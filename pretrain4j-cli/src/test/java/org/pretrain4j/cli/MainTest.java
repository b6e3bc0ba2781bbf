package org.pretrain4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command line end to end, in process: output, error lines and exit codes. */
final class MainTest {
    private static final String CIFAR = "../configs/examples/customize_models.conf";

    private record Result(int code, String out, String err) {
        List<String> outLines() {
            return out.lines().toList();
        }
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void listShowsTypeKindClassAndJarFilteredByGlob() {
        Result r = run("list", "ResNet*");
        assertEquals(0, r.code(), r.err());
        String row = r.outLines().stream().filter(l -> l.startsWith("ResNet_CIFAR ")).findFirst().orElseThrow();
        assertTrue(row.contains("backbone") && row.contains("ResNetCifarFactory") && row.contains("plugins-backbones"),
                row);
        assertTrue(r.outLines().stream().noneMatch(l -> l.startsWith("LinearClsHead")), r.out());
    }

    @Test
    void listByKind() {
        Result r = run("list", "--kind", "LOSS");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("CrossEntropyLoss") && r.out().contains("L1Loss"), r.out());
        assertTrue(!r.out().contains("ResNet"), r.out());
    }

    @Test
    void describeShowsEveryParameterWithTypeDefaultAndMeaning() {
        Result r = run("describe", "resnet");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("ResNet (backbone)"), r.out());
        String depth = r.outLines().stream().filter(l -> l.startsWith("depth ")).findFirst().orElseThrow();
        assertTrue(depth.contains("(required)"), depth);
        String zeroInit = r.outLines().stream().filter(l -> l.startsWith("zero_init_residual")).findFirst()
                .orElseThrow();
        assertTrue(zeroInit.contains("true"), zeroInit);
    }

    @Test
    void describeUnknownTypeSuggestsAndExitsTwo() {
        Result r = run("describe", "ResNet_CIFA");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Did you mean 'ResNet_CIFAR'?"), r.err());
        assertTrue(r.err().lines().count() <= 2, "one or two lines: " + r.err());
    }

    @Test
    void buildPrintsTheModuleTableEndingWithTotalParams() {
        Result r = run("build", CIFAR, "--input-shape", "3,32,32");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.outLines();
        assertEquals("total params: 11173962", lines.get(lines.size() - 1));
        assertTrue(r.out().contains("-> output (1, 10)"), r.out());
        String layer4 = lines.stream().filter(l -> l.startsWith("backbone.layer4 ")).findFirst().orElseThrow();
        assertTrue(layer4.contains("(1, 512, 4, 4)"), layer4);
    }

    @Test
    void invalidValueIsAConfigErrorNamingPathFileAndLine() {
        Result r = run("build", CIFAR, "--set", "model.backbone.depth=19");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("model.backbone.depth"), r.err());
        assertTrue(r.err().contains("expected one of 18, 34, 50, 101, 152, got 19"), r.err());
        assertTrue(r.err().contains("--set"), "names the override as the origin: " + r.err());
        assertTrue(!r.err().contains("\tat "), "no stack trace without --debug");
    }

    @Test
    void unknownTypeInConfigNamesFileLine() {
        Result r = run("build", CIFAR, "--set", "model.neck.type=GlobalAvgPooling");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Did you mean 'GlobalAveragePooling'?"), r.err());
    }

    @Test
    void printConfigShowsOverrides() {
        Result r = run("print-config", CIFAR, "--set", "model.head.topk=[1,3]");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("L1Loss"), r.out());
        assertTrue(r.out().replace(" ", "").contains("topk=[1,3]") || r.out().replace(" ", "").contains("\"topk\":[1,3]"),
                r.out());
    }

    @Test
    void missingConfigFileIsAnErrorNotAStackTrace() {
        Result r = run("print-config", "no/such/file.conf");
        assertTrue(r.code() == 2 || r.code() == 1);
        assertTrue(r.err().contains("no/such/file.conf"), r.err());
        assertTrue(!r.err().contains("\tat "), r.err());
    }

    @Test
    void usageErrorExitsTwo() {
        assertEquals(2, run("build").code());
        assertEquals(2, run("frobnicate").code());
    }
}

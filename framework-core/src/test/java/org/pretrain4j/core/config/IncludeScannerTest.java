package org.pretrain4j.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

final class IncludeScannerTest {
    @Test
    void findsIncludeStatementsButNotCommentsStringsOrKeys() {
        String text = """
                include "a.conf"
                # include "commented.conf"
                // include "commented.conf"
                x = "include \\"quoted.conf\\""
                y = \"\"\"
                include "in a triple-quoted string"
                \"\"\"
                include = 3
                include required(file("b.conf"))
                z { include classpath("configs/c.conf") }
                w = includes
                """;

        assertEquals(List.of(1, 9, 10), IncludeScanner.lines(text));
    }
}

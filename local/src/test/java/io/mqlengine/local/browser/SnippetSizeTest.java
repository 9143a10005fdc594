package io.mqlengine.local.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** The built snippet, snippet/dist/mql.min.js, within its budget; and the same bytes are what the twin serves. */
class SnippetSizeTest {
    static final Path DIST = BrowserTwin.ROOT.resolve("snippet/dist/mql.min.js");
    static final int BUDGET_BYTES = 2048;

    @Test
    void snippet_shouldStayWithin2048BytesGzipped_atTheDefaultAndTheBestCompression() throws IOException {
        byte[] minified = Files.readAllBytes(DIST);
        int standard = gzip(minified, Deflater.DEFAULT_COMPRESSION);
        int best = gzip(minified, Deflater.BEST_COMPRESSION);
        System.out.printf("[SnippetSizeTest] %s: %d bytes minified, %d gzipped (level 6), %d gzipped (level 9), budget %d%n",
                BrowserTwin.ROOT.relativize(DIST), minified.length, standard, best, BUDGET_BYTES);
        assertThat(standard).as("%s gzipped at gzip's default level", DIST).isLessThanOrEqualTo(BUDGET_BYTES);
        assertThat(best).as("%s gzipped at the best level", DIST).isLessThanOrEqualTo(BUDGET_BYTES);
    }

    @Test
    void twinResource_shouldBeTheCommittedBuild_whenTheModuleIsBuilt() throws IOException {
        try (InputStream served = getClass().getClassLoader().getResourceAsStream("snippet/mql.min.js")) {
            assertThat(served).as("snippet/mql.min.js on the twin's class path (local/pom.xml copies snippet/dist)").isNotNull();
            assertThat(served.readAllBytes()).isEqualTo(Files.readAllBytes(DIST));
        }
    }

    private static int gzip(byte[] bytes, int level) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out) {
            {
                def.setLevel(level);
            }
        }) {
            gz.write(bytes);
        }
        return out.size();
    }
}

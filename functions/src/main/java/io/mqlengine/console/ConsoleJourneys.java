package io.mqlengine.console;

import io.mqlengine.journey.Journey;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The journeys packaged with the functions (events/journeys, as {@code journeys/*.json} beside the classes): read from
 * the jar the code runs from, or from the class directory in a build, by way of a temporary copy that {@link Journey}
 * can read.
 */
final class ConsoleJourneys {
    static final String DIR = "journeys/";

    private ConsoleJourneys() {
    }

    static List<Journey> load() {
        try {
            Path code = Path.of(ConsoleJourneys.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(code)) {
                Path dir = code.resolve(DIR);
                return Files.isDirectory(dir) ? Journey.all(dir) : List.of();
            }
            Path copy = Files.createTempDirectory("journeys");
            try (ZipFile jar = new ZipFile(code.toFile())) {
                Enumeration<? extends ZipEntry> entries = jar.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry e = entries.nextElement();
                    String name = e.getName();
                    if (name.startsWith(DIR) && name.endsWith(".json") && name.indexOf('/', DIR.length()) < 0) {
                        try (InputStream in = jar.getInputStream(e)) {
                            Files.copy(in, copy.resolve(name.substring(DIR.length())), StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
            }
            return Journey.all(copy);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the packaged journeys", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}

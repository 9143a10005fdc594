package io.mqlengine.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * DynamoDB Local comes under Amazon's own licence terms: no pom may name it, and nothing of it may be on the
 * twin's runtime class path (which is what the shade plugin packs into local/target/mql-local.jar).
 */
class NoVendorEmulatorTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void poms_shouldNotNameDynamoDbLocal() throws IOException {
        List<Path> poms;
        try (Stream<Path> files = Files.walk(ROOT)) {
            poms = files.filter(p -> p.getFileName().toString().equals("pom.xml"))
                    .filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/node_modules/")).toList();
        }
        assertThat(poms).as("the project's poms").isNotEmpty();
        for (Path pom : poms) {
            assertThat(Files.readString(pom)).as(pom.toString()).doesNotContainIgnoringCase("DynamoDBLocal");
        }
    }

    @Test
    void classPath_shouldHoldNoDynamoDbLocalClass() {
        ClassLoader loader = getClass().getClassLoader();
        assertThat(loader.getResource("com/amazonaws/services/dynamodbv2/local/main/ServerMain.class")).isNull();
        assertThat(loader.getResource("software/amazon/dynamodb/services/local/main/ServerRunner.class")).isNull();
        assertThat(System.getProperty("java.class.path")).doesNotContainIgnoringCase("DynamoDBLocal")
                .doesNotContainIgnoringCase("sqlite4java");
    }
}

package io.mqlengine.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Functions of one CodeUri share its SDK and Jackson classes, and keep their own classes and static state. */
class SharedLibrariesTest {
    private static final Path FUNCTIONS_JAR = Path.of("..").toAbsolutePath().normalize()
            .resolve("functions/target/mql-functions.jar");
    private static final ClassLoader TWIN = SharedLibrariesTest.class.getClassLoader();

    @BeforeAll
    static void functionsJarIsBuilt() {
        assertThat(FUNCTIONS_JAR).as("the functions jar (mvn -B verify builds it before these tests)").exists();
    }

    @Test
    void functionsOfOneCodeUriShareTheLibrariesButNotTheirOwnClasses() throws Exception {
        URL[] jar = {FUNCTIONS_JAR.toUri().toURL()};
        SharedLibraries libraries = new SharedLibraries(TWIN);
        try (FunctionClassLoader ingest = new FunctionClassLoader("function-a", jar, TWIN, libraries.acquire(jar));
             FunctionClassLoader score = new FunctionClassLoader("function-b", jar, TWIN, libraries.acquire(jar))) {
            Class<?> sdkInIngest = Class.forName("software.amazon.awssdk.core.SdkBytes", false, ingest);
            assertThat(Class.forName("software.amazon.awssdk.core.SdkBytes", false, score)).isSameAs(sdkInIngest);
            assertThat(Class.forName("com.fasterxml.jackson.databind.ObjectMapper", false, score))
                    .isSameAs(Class.forName("com.fasterxml.jackson.databind.ObjectMapper", false, ingest));
            // from the CodeUri, not from the twin's own copy of the SDK
            assertThat(sdkInIngest.getClassLoader()).isNotSameAs(TWIN).isNotSameAs(ingest).isNotSameAs(score)
                    .isInstanceOf(FunctionClassLoader.class);
            assertThat(sdkInIngest).isNotSameAs(software.amazon.awssdk.core.SdkBytes.class);

            // the project's classes, and so their statics (AwsUsage.PROCESS counts per function), stay per function
            Class<?> usageInIngest = Class.forName("io.mqlengine.observe.AwsUsage", true, ingest);
            Class<?> usageInScore = Class.forName("io.mqlengine.observe.AwsUsage", true, score);
            assertThat(usageInScore).isNotSameAs(usageInIngest);
            assertThat(usageInIngest.getClassLoader()).isSameAs(ingest);
            assertThat(usageInIngest.getField("PROCESS").get(null)).isNotSameAs(usageInScore.getField("PROCESS").get(null));
            // the project's code sees the shared SDK: its interceptor implements the shared ExecutionInterceptor
            assertThat(Class.forName("software.amazon.awssdk.core.interceptor.ExecutionInterceptor", false, ingest)
                    .isAssignableFrom(usageInIngest)).isTrue();
        } finally {
            libraries.release(jar);
            libraries.release(jar);
        }
    }

    @Test
    void eachClassPathHasItsOwnLibraryLoaderClosedWithItsLastFunction() throws Exception {
        URL[] jar = {FUNCTIONS_JAR.toUri().toURL()};
        URL[] other = {FUNCTIONS_JAR.toUri().toURL(), FUNCTIONS_JAR.getParent().toUri().toURL()};
        SharedLibraries libraries = new SharedLibraries(TWIN);
        ClassLoader first = libraries.acquire(jar);
        ClassLoader again = libraries.acquire(jar);
        ClassLoader elsewhere = libraries.acquire(other);
        assertThat(again).isSameAs(first);
        assertThat(elsewhere).isNotSameAs(first);

        libraries.release(jar);
        assertThat(first.loadClass("software.amazon.awssdk.core.SdkBytes")).isNotNull();
        libraries.release(jar);
        // closed: a class it has not loaded yet can no longer be read from the jar
        assertThatThrownBy(() -> first.loadClass("software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest"))
                .isInstanceOf(ClassNotFoundException.class);
        assertThat(libraries.acquire(jar)).isNotSameAs(first);
        libraries.release(jar);
        libraries.release(other);
    }

    @Test
    void aLibraryTheCodeUriDoesNotCarryIsStillMissing() throws Exception {
        // the twin itself carries ElasticMQ; a function's loaders must not find it there
        URL[] jar = {FUNCTIONS_JAR.toUri().toURL()};
        SharedLibraries libraries = new SharedLibraries(TWIN);
        try (FunctionClassLoader function = new FunctionClassLoader("function-a", jar, TWIN, libraries.acquire(jar))) {
            assertThat(Class.forName("org.elasticmq.rest.sqs.SQSRestServer", false, TWIN)).isNotNull();
            assertThatThrownBy(() -> Class.forName("org.elasticmq.rest.sqs.SQSRestServer", false, function))
                    .isInstanceOf(ClassNotFoundException.class);
            assertThatThrownBy(() -> Class.forName("software.amazon.awssdk.services.nosuch.NoSuchClient", false, function))
                    .isInstanceOf(ClassNotFoundException.class);
        } finally {
            libraries.release(jar);
        }
    }
}

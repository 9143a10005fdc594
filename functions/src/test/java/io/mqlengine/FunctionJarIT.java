package io.mqlengine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar every function in template.yaml points at, as {@code package} built it: the handlers and all
 * that our classes and the event types we keep name, the console's page and the journeys it checks, and none of the
 * event types no handler takes, or the dependencies' Maven metadata.
 */
class FunctionJarIT {
    private static final Path JAR = Path.of("target/mql-functions.jar");
    private static final List<String> HANDLERS = List.of("io.mqlengine.ingest.IngestHandler",
            "io.mqlengine.score.ScoreHandler", "io.mqlengine.handoff.HandoffHandler", "io.mqlengine.sweep.SweepHandler",
            "io.mqlengine.console.ConsoleHandler", "io.mqlengine.console.ConsoleApiHandler");
    private static final String EVENTS = "com/amazonaws/services/lambda/runtime/events/";

    @Test
    void jar_shouldHoldEveryHandlerTheConsoleAndTheJourneys_butNoUnusedEventTypes_whenShaded() throws Exception {
        List<String> names = entries();

        for (String handler : HANDLERS) {
            assertThat(names).contains(handler.replace('.', '/') + ".class");
        }
        assertThat(names).contains("io/mqlengine/scoring/ScoringModelLoader.class", EVENTS + "SQSEvent.class",
                EVENTS + "DynamodbEvent.class", EVENTS + "models/dynamodb/StreamRecord.class");
        // the console's Model page runs the journeys in memory, so the journey runner and the in-memory store ship
        assertThat(names).contains("console/index.html", "console/app.js", "console/sigv4.js",
                "journeys/05-fitting-demo-request.json", "io/mqlengine/journey/JourneyRunner.class",
                "io/mqlengine/store/InMemoryLeadStore.class");
        assertThat(names).filteredOn(n -> n.startsWith("META-INF/maven/")
                || n.startsWith(EVENTS + "S3Event") || n.startsWith(EVENTS + "KinesisEvent")).isEmpty();
    }

    @Test
    void ourClassesAndEventTypes_shouldFindEveryClassTheyNameInTheJarOrTheJdk_whenLoadedOutsideMaven() throws Exception {
        List<String> names = entries();
        Set<String> checked = new TreeSet<>();
        for (String n : names) {
            if ((n.startsWith("io/mqlengine/") || n.startsWith(EVENTS)) && n.endsWith(".class")) {
                checked.add(n.substring(0, n.length() - ".class".length()));
            }
        }
        assertThat(checked).hasSizeGreaterThan(HANDLERS.size());

        // only the jar and the JDK: a class left out that one of these names would be missing at run time
        Set<String> missing = new TreeSet<>();
        try (ZipFile zip = new ZipFile(JAR.toFile());
             URLClassLoader loader = new URLClassLoader(new URL[] {JAR.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            for (String name : checked) {
                try (InputStream in = zip.getInputStream(zip.getEntry(name + ".class"))) {
                    for (String named : classesNamedIn(in)) {
                        if (!names.contains(named + ".class") && !inJdk(named)) {
                            missing.add(name + " -> " + named);
                        }
                    }
                }
                Class<?> type = Class.forName(name.replace('/', '.'), false, loader);
                // resolves every type in the fields' and methods' signatures
                assertThat(type.getDeclaredMethods()).as(name).isNotNull();
                assertThat(type.getDeclaredFields()).as(name).isNotNull();
                assertThat(type.getDeclaredConstructors()).as(name).isNotNull();
            }
        }
        assertThat(missing).isEmpty();
    }

    private static List<String> entries() throws IOException {
        assertThat(JAR).as("built by mvn package").exists();
        List<String> names = new ArrayList<>();
        try (ZipFile zip = new ZipFile(JAR.toFile())) {
            zip.stream().map(ZipEntry::getName).forEach(names::add);
        }
        return names;
    }

    private static boolean inJdk(String internalName) {
        try {
            Class.forName(internalName.replace('/', '.'), false, ClassLoader.getPlatformClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** The classes a class file's constant pool names (JVMS 4.4), array types by their element class. */
    private static Set<String> classesNamedIn(InputStream classFile) throws IOException {
        DataInputStream in = new DataInputStream(classFile);
        in.readInt();
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        List<Integer> classNames = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 7 -> classNames.add(in.readUnsignedShort());
                case 8, 16, 19, 20 -> in.skipBytes(2);
                case 15 -> in.skipBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
                case 5, 6 -> {
                    in.skipBytes(8);
                    i++;
                }
                default -> throw new IOException("constant pool tag " + tag + " at " + i);
            }
        }
        Set<String> named = new TreeSet<>();
        for (int index : classNames) {
            String name = utf8[index];
            if (name.startsWith("[")) {
                int l = name.indexOf('L');
                if (l < 0) {
                    continue;
                }
                name = name.substring(l + 1, name.length() - 1);
            }
            named.add(name);
        }
        return named;
    }
}

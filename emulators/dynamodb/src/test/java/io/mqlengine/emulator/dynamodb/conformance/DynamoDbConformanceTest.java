package io.mqlengine.emulator.dynamodb.conformance;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The conformance suite: every case in src/test/resources/conformance sent as raw signed requests to our
 * emulator and to the reference implementations that can run here (dynalite via npm, LocalStack via Docker,
 * real AWS with MQL_CONFORMANCE_AWS=1), one dynamic test per case.
 */
class DynamoDbConformanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Backends backends;
    private static Conformance conformance;

    @BeforeAll
    static void startBackends() {
        backends = Backends.start(JSON, Path.of("").toAbsolutePath());
        conformance = new Conformance(backends, Boolean.getBoolean("conformance.strictMessages"));
        System.out.println("[conformance] " + backends.describe());
        if (backends.running().stream().noneMatch(Backend::isReference)) {
            System.out.println("[conformance] no reference implementation is running: differential cases are skipped, "
                    + "pinned cases run against ours only");
        }
    }

    @AfterAll
    static void stopBackends() {
        if (backends != null) {
            backends.close();
        }
    }

    @TestFactory
    Stream<DynamicNode> dynamoDbApi_shouldAnswerAsTheReferences_whenSentTheSameRequests() {
        List<CaseFile> files = new CaseLoader(JSON).loadAll();
        List<DynamicNode> nodes = new ArrayList<>();
        int caseNo = 0;
        for (int f = 0; f < files.size(); f++) {
            CaseFile file = files.get(f);
            int fileNo = f;
            List<DynamicTest> tests = new ArrayList<>();
            for (Case c : file.cases()) {
                int n = ++caseNo;
                tests.add(DynamicTest.dynamicTest(c.displayName(), () -> conformance.check(file, fileNo, c, n)));
            }
            nodes.add(DynamicContainer.dynamicContainer(file.file(), tests));
        }
        return nodes.stream();
    }
}

package io.mqlengine.it;

import io.mqlengine.testing.Backend;
import io.mqlengine.testing.Emulators;

/** The integration suite on the DynamoDB emulator and ElasticMQ, started in this JVM. */
class InProcessPipelineTest extends PipelineContract {
    @Override
    Backend backend() {
        return Emulators.get();
    }
}

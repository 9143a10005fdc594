package io.mqlengine.it;

import static org.assertj.core.api.Assertions.assertThat;

/** Tracking requests of fitting visitors who ask for a demo: each qualifies at once when scored. */
final class HandRaisers {

    private HandRaisers() {
    }

    static String email(String name) {
        return name + "@analytical-engines.example";
    }

    /** Posts the identify and the demo request of {@code name} (visitor anon-{@code name}) in one request. */
    static void post(Stack stack, String name) {
        String at = stack.clock.instant().minusSeconds(30).toString();
        String visitor = "anon-" + name;
        String body = "{\"writeKey\":\"" + Stack.WRITE_KEY + "\",\"events\":["
                + "{\"eventId\":\"" + name + "-identify\",\"type\":\"identify\",\"anonymousId\":\"" + visitor
                + "\",\"timestamp\":\"" + at + "\",\"traits\":{\"email\":\"" + email(name) + "\",\"firstName\":\"" + name
                + "\",\"title\":\"VP Engineering\",\"company\":\"Analytical Engines\",\"companySize\":250,"
                + "\"industry\":\"software\",\"country\":\"GB\"}},"
                + "{\"eventId\":\"" + name + "-demo\",\"type\":\"track\",\"event\":\"Demo Requested\",\"anonymousId\":\""
                + visitor + "\",\"timestamp\":\"" + at + "\"}]}";
        var r = stack.post(body);
        assertThat(r.getStatusCode()).as(PipelineContract.body(r)).isEqualTo(202);
    }
}

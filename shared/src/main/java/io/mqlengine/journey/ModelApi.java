package io.mqlengine.journey;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.json.Json;
import io.mqlengine.scoring.ScoringModel;
import io.mqlengine.service.IngestService;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/console/model}: the live model document as the function loaded it, and every journey with whether
 * it still meets its {@code expect} under that model. The answer depends on nothing but the model and the journeys,
 * so it is made once and kept.
 */
public final class ModelApi {
    private final String file;
    private final JsonNode document;
    private final ScoringModel model;
    private final List<Journey> journeys;
    private volatile String answer;

    /** {@code document} is the model file's JSON, {@code model} what it loads as. */
    public ModelApi(String file, JsonNode document, ScoringModel model, List<Journey> journeys) {
        this.file = file;
        this.document = document;
        this.model = model;
        this.journeys = journeys;
    }

    public IngestService.Response handle(Map<String, String> query) {
        if (query != null && !query.isEmpty()) {
            return IngestService.error(400, "invalid_parameter",
                    query.keySet().iterator().next() + ": /v1/console/model takes no parameters");
        }
        String body = answer;
        if (body == null) {
            body = answer();
            answer = body;
        }
        return new IngestService.Response(200, body);
    }

    private String answer() {
        ObjectNode n = Json.object();
        n.put("file", file);
        n.put("version", model.version());
        n.set("model", document);
        ArrayNode list = n.putArray("journeys");
        int met = 0;
        for (Journey j : journeys) {
            JourneyCheck c = JourneyCheck.of(j, model);
            met += c.meets() ? 1 : 0;
            ObjectNode o = list.addObject();
            o.put("file", j.file() + ".json");
            o.put("name", j.name());
            o.put("email", j.email());
            o.put("steps", j.steps().size());
            ObjectNode expect = o.putObject("expect");
            expect.put("qualifiesAtStep", j.qualifiesAtStep());
            expect.put("grade", j.grade().name());
            expect.put("stage", j.stage().name());
            j.topReasons().forEach(expect.putArray("topReasons")::add);
            ObjectNode actual = o.putObject("actual");
            actual.put("qualifiesAtStep", c.qualifiedAtStep());
            actual.put("grade", c.grade());
            actual.put("stage", c.stage());
            c.topReasons().forEach(actual.putArray("topReasons")::add);
            actual.put("score", Math.round(c.score() * 10_000d) / 10_000d);
            o.put("meets", c.meets());
            c.misses().forEach(o.putArray("misses")::add);
        }
        n.put("journeysMet", met);
        return n.toString();
    }
}

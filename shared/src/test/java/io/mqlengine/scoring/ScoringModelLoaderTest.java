package io.mqlengine.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.Ev;
import io.mqlengine.json.Json;
import io.mqlengine.json.Problem;
import io.mqlengine.model.EventType;
import io.mqlengine.model.Grade;
import io.mqlengine.model.TrackingEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScoringModelLoaderTest {
    private static final Instant T = Instant.parse("2026-11-23T10:00:00Z");

    private static ObjectNode defaultDocument() {
        try (InputStream in = ScoringModelLoader.class.getClassLoader().getResourceAsStream("scoring-model.json")) {
            return (ObjectNode) Json.mapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ModelException failing(Consumer<ObjectNode> edit) {
        ObjectNode doc = defaultDocument();
        edit.accept(doc);
        try {
            ScoringModelLoader.parse(doc.toString(), "test-model.json");
        } catch (ModelException e) {
            return e;
        }
        throw new AssertionError("the model loaded, but it should not have");
    }

    private static ObjectNode rule(ObjectNode doc, int i) {
        return (ObjectNode) doc.withArray("behaviour").get(i);
    }

    @Test
    void loadDefault_shouldLoadTheShippedModel() {
        ScoringModel m = ScoringModelLoader.loadDefault();
        assertThat(m.version()).isNotBlank();
        assertThat(m.halfLife()).isEqualTo(Duration.ofDays(30));
        assertThat(m.mql().minGrade()).isEqualTo(Grade.C);
        assertThat(m.behaviour()).hasSizeGreaterThan(20);
    }

    @Test
    void raisesHand_shouldHoldForTheFastTrackEvents_whateverTheLead_andForNothingElse() {
        ScoringModel m = ScoringModelLoader.loadDefault();
        assertThat(m.raisesHand(Ev.track("anon-1", "Demo Requested", T))).isTrue();
        assertThat(m.raisesHand(Ev.track("anon-1", "Trial Started", T))).isTrue();
        assertThat(m.raisesHand(Ev.track("anon-1", "Webinar Attended", T))).isFalse();
        assertThat(m.raisesHand(Ev.page("anon-1", "/pricing", T))).isFalse();
        assertThat(m.raisesHand(Ev.identify("anon-1", Ev.fitting("ada@analytical-engines.example"), T))).isFalse();
    }

    @Test
    void raisesHand_shouldHoldForAFastTrackRuleLimitedToReturnVisits_asTheApiCannotTellAReturn() {
        ObjectNode doc = defaultDocument();
        ObjectNode when = (ObjectNode) doc.path("mql").path("fastTrack").get(0).path("when");
        when.put("returning", true);
        ScoringModel m = ScoringModelLoader.parse(doc.toString(), "test-model.json");
        assertThat(m.raisesHand(Ev.track("anon-1", "Demo Requested", T))).isTrue();
    }

    @Test
    void loadDefault_shouldCoverEverySignalInTheDomain() {
        ScoringModel m = ScoringModelLoader.loadDefault();
        Map<String, TrackingEvent> signals = new java.util.LinkedHashMap<>();
        for (String path : new String[] {"/", "/pricing", "/product/a", "/compare/x", "/careers/jobs"}) {
            signals.put("page " + path, Ev.page("a", path, T));
        }
        for (String event : new String[] {"Newsletter Subscribed", "Email Opened", "Email Link Clicked", "Survey Answered",
                "Webinar Registered", "Webinar Attended", "Demo Requested", "Trial Started", "Contact Form Submitted",
                "Product Favorited", "Product Added to Wishlist", "Product Added", "Ad Clicked", "Social Engaged",
                "Unsubscribed"}) {
            signals.put(event, Ev.track("a", event, T));
        }
        for (String asset : new String[] {"ebook", "whitepaper", "case_study", "guide"}) {
            signals.put("download " + asset, Ev.track("a", "Content Downloaded", Map.of("assetType", asset), T));
        }
        signals.put("engaged time", Ev.track("a", "Session Engaged", Map.of("seconds", 300), T));
        for (Map.Entry<String, TrackingEvent> s : signals.entrySet()) {
            assertThat(m.behaviour().stream().anyMatch(r -> r.when().matches(s.getValue(), false)))
                    .as("a behaviour rule for %s", s.getKey()).isTrue();
        }
        assertThat(m.behaviour().stream().filter(r -> r.when().returningOnly())).as("return visits").isNotEmpty();
        assertThat(m.rule("careers-page").points()).isNegative();
        assertThat(m.rule("email-open").cap()).isInstanceOf(Cap.PerPeriod.class);
        assertThat(m.disqualifiers()).extracting(ScoringModel.Disqualifier::id)
                .contains("competitor", "unsubscribed", "bot");
        assertThat(m.mql().fastTrack().get(0).when().types()).containsExactly(EventType.TRACK);
    }

    @Test
    void load_shouldNameTheFile_whenItCannotBeRead() {
        assertThatThrownBy(() -> ScoringModelLoader.load(Path.of("/nonexistent/model.json")))
                .isInstanceOf(ModelException.class).hasMessageContaining("/nonexistent/model.json")
                .hasMessageContaining("cannot be read");
    }

    @Test
    void parse_shouldNameTheSource_whenNotJson() {
        assertThatThrownBy(() -> ScoringModelLoader.parse("{oops", "custom.json"))
                .isInstanceOf(ModelException.class).hasMessageContaining("custom.json").hasMessageContaining("not valid JSON");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "modelVersion | $.modelVersion | is required",
            "decay.halfLife | $.decay.halfLife | is required",
            "mql.threshold | $.mql.threshold | is required",
            "mql.minGrade | $.mql.minGrade | is required",
            "recycle | $.recycle | is required",
            "stale.after | $.stale.after | is required",
            "fit.grades | $.fit.grades | is required",
            "behaviour | $.behaviour | is required"})
    void parse_shouldNameAMissingField(String field, String path, String message) {
        ModelException e = failing(doc -> {
            String[] parts = field.split("\\.");
            ObjectNode parent = doc;
            for (int i = 0; i < parts.length - 1; i++) {
                parent = (ObjectNode) parent.get(parts[i]);
            }
            parent.remove(parts[parts.length - 1]);
        });
        assertThat(e.problems()).contains(new Problem(path, message));
        assertThat(e.getMessage()).contains(path);
    }

    @Test
    void parse_shouldNameEveryBadField() {
        assertThat(failing(d -> ((ObjectNode) d.get("decay")).put("halfLife", "P1M")).problems())
                .extracting(Problem::path).containsExactly("$.decay.halfLife");
        assertThat(failing(d -> rule(d, 2).put("point", 3)).problems())
                .extracting(Problem::toString).anyMatch(s -> s.startsWith("$.behaviour[2].point: unknown field"));
        assertThat(failing(d -> rule(d, 3).put("id", rule(d, 1).get("id").asText())).problems())
                .extracting(Problem::toString).containsExactly("$.behaviour[3].id: duplicates another rule id 'pricing-page'");
        assertThat(failing(d -> rule(d, 0).put("points", "ten")).problems())
                .extracting(Problem::toString).containsExactly("$.behaviour[0].points: must be a number");
        assertThat(failing(d -> rule(d, 0).put("points", 5000)).problems())
                .extracting(Problem::path).containsExactly("$.behaviour[0].points");
        assertThat(failing(d -> rule(d, 0).set("cap", Json.read("{\"max\": 2, \"per\": \"soon\"}"))).problems())
                .extracting(Problem::path).containsExactly("$.behaviour[0].cap.per");
        assertThat(failing(d -> rule(d, 0).set("cap", Json.read("{\"max\": 0, \"per\": \"P1D\"}"))).problems())
                .extracting(Problem::path).containsExactly("$.behaviour[0].cap.max");
        assertThat(failing(d -> rule(d, 0).put("cap", "twice")).problems())
                .extracting(Problem::path).containsExactly("$.behaviour[0].cap");
        assertThat(failing(d -> ((ObjectNode) rule(d, 1).get("when")).put("type", "click")).problems())
                .extracting(Problem::path).containsExactly("$.behaviour[1].when.type");
        assertThat(failing(d -> ((ObjectNode) rule(d, 1).get("when").get("where").get(0)).put("field", "cookie.x")).problems())
                .extracting(Problem::path).containsExactly("$.behaviour[1].when.where[0].field");
        assertThat(failing(d -> ((ObjectNode) rule(d, 1).get("when").get("where").get(0)).put("equals", "/x")).problems())
                .extracting(Problem::path).containsExactly("$.behaviour[1].when.where[0]");
        assertThat(failing(d -> ((ObjectNode) rule(d, 1).get("when").get("where").get(0)).put("glob", 5)).problems())
                .extracting(Problem::path).containsExactly("$.behaviour[1].when.where[0].glob");
        assertThat(failing(d -> ((ObjectNode) d.get("fit").get("grades")).put("B", 90)).problems())
                .extracting(Problem::path).contains("$.fit.grades.B");
        assertThat(failing(d -> ((ObjectNode) d.get("fit").get("rules").get(0).get("when")).put("field", "shoeSize")).problems())
                .extracting(Problem::path).containsExactly("$.fit.rules[0].when.field");
        assertThat(failing(d -> ((ObjectNode) d.get("recycle")).put("threshold", 500)).problems())
                .extracting(Problem::path).containsExactly("$.recycle.threshold");
        assertThat(failing(d -> ((ObjectNode) d.get("mql")).put("minGrade", "E")).problems())
                .extracting(Problem::toString).containsExactly("$.mql.minGrade: must be one of A, B, C, D, F, was 'E'");
        assertThat(failing(d -> ((ObjectNode) d.get("disqualify").get(0)).set("when", Json.read("{\"type\":\"page\"}"))).problems())
                .extracting(Problem::path).containsExactly("$.disqualify[0]");
        assertThat(failing(d -> ((ArrayNode) d.get("emailDomains").get("free")).add("not a domain")).problems())
                .extracting(Problem::path).hasSize(1).allMatch(p -> p.startsWith("$.emailDomains.free["));
        assertThat(failing(d -> d.put("halflife", "P1D")).problems())
                .extracting(Problem::path).containsExactly("$.halflife");
    }

    @Test
    void parse_shouldReportAllProblemsAtOnce() {
        ModelException e = failing(d -> {
            d.remove("modelVersion");
            rule(d, 0).put("points", "x");
            ((ObjectNode) d.get("mql")).put("minGrade", "Z");
        });
        assertThat(e.problems()).extracting(Problem::path)
                .containsExactlyInAnyOrder("$.modelVersion", "$.behaviour[0].points", "$.mql.minGrade");
    }

    @Test
    void parse_shouldAcceptWeeksAndDefaultTheOptionalSections() {
        ObjectNode doc = defaultDocument();
        doc.remove("sessionTimeout");
        doc.remove("handoff");
        ((ObjectNode) doc.get("decay")).put("halfLife", "P2W");
        ScoringModel m = ScoringModelLoader.parse(doc.toString(), "x");
        assertThat(m.halfLife()).isEqualTo(Duration.ofDays(14));
        assertThat(m.sessionTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(m.handoffRetryAfter()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void parse_shouldRefuseANegativeDuration_asNotADuration() {
        assertThat(failing(d -> ((ObjectNode) d.get("stale")).put("after", "-P30D")).problems())
                .extracting(Problem::toString).containsExactly("$.stale.after: must be an ISO-8601 duration such as "
                        + "PT30M, P1D or P2W (no months or years), was '-P30D'");
    }

    @Test
    void parse_shouldNameAReturningFlagThatIsNotABoolean() {
        assertThat(failing(d -> ((ObjectNode) rule(d, 1).get("when")).put("returning", "yes")).problems())
                .extracting(Problem::toString).containsExactly("$.behaviour[1].when.returning: must be true or false");
    }

    @Test
    void parse_shouldUseTheDefaultBotRules_whenTheModelHasNoBotsSection() {
        ObjectNode doc = defaultDocument();
        doc.remove("bots");
        assertThat(ScoringModelLoader.parse(doc.toString(), "m.json").bots()).isEqualTo(ScoringModel.Bots.DEFAULT);
    }

    @Test
    void parse_shouldReadTheBotRules() {
        ObjectNode doc = defaultDocument();
        ObjectNode bots = doc.putObject("bots");
        bots.put("maxEventsPerDay", 300);
        bots.putObject("emailClickBurst").put("clicks", 3).put("within", "PT2S").put("event", "Link Clicked");
        assertThat(ScoringModelLoader.parse(doc.toString(), "m.json").bots())
                .isEqualTo(new ScoringModel.Bots(300, "Link Clicked", 3, Duration.ofSeconds(2)));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "maxEventsPerDay | 0 | $.bots.maxEventsPerDay",
            "maxEventsPerDay | 2.5 | $.bots.maxEventsPerDay",
            "maxEventsPerDay | 1000000 | $.bots.maxEventsPerDay",
            "emailClickBurst.clicks | 1 | $.bots.emailClickBurst.clicks",
            "emailClickBurst.within | PT5M | $.bots.emailClickBurst.within",
            "emailClickBurst.within | soon | $.bots.emailClickBurst.within",
            "colour | 3 | $.bots.colour"})
    void parse_shouldNameABadBotRule(String field, String value, String path) {
        ModelException e = failing(doc -> {
            ObjectNode bots = doc.putObject("bots");
            ObjectNode parent = field.startsWith("emailClickBurst.") ? bots.putObject("emailClickBurst") : bots;
            String name = field.substring(field.indexOf('.') + 1);
            if (value.matches("[0-9.]+")) {
                parent.put(name, Double.parseDouble(value));
            } else {
                parent.put(name, value);
            }
        });
        assertThat(e.problems()).extracting(Problem::path).contains(path);
    }
}

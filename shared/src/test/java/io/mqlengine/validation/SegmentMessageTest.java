package io.mqlengine.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.identity.UserIds;
import io.mqlengine.json.Json;
import io.mqlengine.json.Problem;
import io.mqlengine.model.EventType;
import io.mqlengine.model.TrackingEvent;
import io.mqlengine.model.Traits;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Segment's messages, as analytics-node, analytics.js and RudderStack send them, read through the parser. */
class SegmentMessageTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final TrackingRequestParser PARSER = new TrackingRequestParser(Limits.DEFAULT);
    private static final Route BATCH = Route.forPath("/v1/batch").orElseThrow();

    private static TrackingRequest post(String path, String json) {
        return PARSER.parse(TrackingRequestParser.read(json.replace('\'', '"').getBytes(StandardCharsets.UTF_8)),
                Route.forPath(path).orElseThrow(), null, NOW);
    }

    private static TrackingRequest batch(String... messages) {
        return post("/v1/batch", "{'writeKey':'k','batch':[" + String.join(",", messages) + "]}");
    }

    private static TrackingEvent only(TrackingRequest r) {
        assertThat(r.rejected()).isEmpty();
        assertThat(r.accepted()).hasSize(1);
        return r.accepted().get(0).event();
    }

    @Test
    void adapt_shouldReadAnAnalyticsNodeTrack_ignoringWhatWeDoNotUse() {
        TrackingEvent e = only(batch("{'timestamp':'2026-11-23T09:59:00.123Z','integrations':{},'event':'Demo Requested',"
                + "'type':'track','properties':{'plan':'team'},'context':{'library':{'name':'@segment/analytics-node',"
                + "'version':'3.1.0'}},'userId':'user-1','messageId':'node-next-1795428000000-72fd13ec-a0f1-4867-9fd5-72b3593e37aa',"
                + "'_metadata':{'nodeVersion':'v20.20.2','jsRuntime':'node'},'channel':'server','version':2}"));
        assertThat(e.type()).isEqualTo(EventType.TRACK);
        assertThat(e.event()).isEqualTo("Demo Requested");
        assertThat(e.eventId()).isEqualTo("node-next-1795428000000-72fd13ec-a0f1-4867-9fd5-72b3593e37aa");
        assertThat(e.userId()).isEqualTo("user-1");
        assertThat(e.anonymousId()).isEqualTo(UserIds.anonymousIdFor("user-1"));
        assertThat(e.timestamp()).isEqualTo(Instant.parse("2026-11-23T09:59:00.123Z"));
        assertThat(e.context()).isEmpty();
        assertThat(e.properties()).containsEntry("plan", "team");
    }

    @Test
    void adapt_shouldMapALongMessageIdToTheSameFittingIdEveryTime() {
        String id = "x".repeat(100) + " with spaces/and:slashes";
        String message = "{'type':'page','anonymousId':'a1','messageId':'" + id + "','timestamp':'2026-11-23T09:59:00Z'}";
        TrackingEvent first = only(batch(message));
        TrackingEvent retried = only(batch(message));
        assertThat(first.eventId()).matches("m-[0-9a-f]{32}").isEqualTo(retried.eventId());
        assertThat(only(batch(message.replace("with", "sans"))).eventId()).isNotEqualTo(first.eventId());
    }

    @Test
    void adapt_shouldMapAnAnonymousIdThatDoesNotFit_andKeepAUuid() {
        String uuid = "9f1c0b6e-5d3a-4b8e-8c1d-2b7e4f6a9c10";
        assertThat(only(batch("{'type':'page','anonymousId':'" + uuid + "','messageId':'m1','timestamp':'2026-11-23T09:59:00Z'}"))
                .anonymousId()).isEqualTo(uuid);
        assertThat(only(batch("{'type':'page','anonymousId':'ada@example.com visitor','messageId':'m1',"
                + "'timestamp':'2026-11-23T09:59:00Z'}")).anonymousId()).matches("a-[0-9a-f]{32}");
    }

    @Test
    void adapt_shouldDeriveAnIdFromTheContent_whenThereIsNoMessageId_ignoringSentAt() {
        String a = only(batch("{'type':'track','event':'Signed Up','userId':'u1','timestamp':'2026-11-23T09:59:00Z',"
                + "'sentAt':'2026-11-23T09:59:01Z'}")).eventId();
        String b = only(batch("{'type':'track','event':'Signed Up','userId':'u1','timestamp':'2026-11-23T09:59:00Z',"
                + "'sentAt':'2026-11-23T09:59:30Z'}")).eventId();
        assertThat(a).startsWith("c-").isEqualTo(b);
    }

    @Test
    void adapt_shouldUseOriginalTimestamp_andCorrectItByTheMessagesOwnSentAt() {
        // RudderStack: no timestamp, originalTimestamp and a per-message sentAt from a clock 1 hour fast
        TrackingEvent e = only(post("/v1/batch", "{'batch':[{'userId':'u2','type':'page','name':'Pricing',"
                + "'properties':{'path':'/pricing'},'channel':'server','originalTimestamp':'2026-11-23T10:59:00.000Z',"
                + "'messageId':'bb066d40-ac34-434f-9b5a-60e805fd8d2a','sentAt':'2026-11-23T11:00:00.000Z','rudderId':'r1'}],"
                + "'timestamp':'2026-11-23T11:00:00.000Z','sentAt':'2026-11-23T10:30:00.000Z','writeKey':'k'}"));
        assertThat(e.timestamp()).isEqualTo(Instant.parse("2026-11-23T09:59:00Z"));
        assertThat(e.field("context.page.path")).isEqualTo("/pricing");
        assertThat(e.type()).isEqualTo(EventType.PAGE);
    }

    @Test
    void adapt_shouldTakeTheReceiveTime_whenAMessageHasNoTimestampAtAll() {
        TrackingEvent e = only(post("/v1/track", "{'writeKey':'k','userId':'u3','event':'Signed Up','messageId':'m3',"
                + "'sentAt':'2026-11-23T12:00:00Z'}"));
        assertThat(e.timestamp()).isEqualTo(NOW);
    }

    @Test
    void adapt_shouldMapSegmentsReservedTraits() {
        TrackingEvent e = only(batch("{'type':'identify','userId':'u4','messageId':'m4','timestamp':'2026-11-23T09:59:00Z',"
                + "'traits':{'email':'ada@analytical-engines.example','name':'Ada King Lovelace','title':'VP Engineering',"
                + "'company':{'name':'Analytical Engines','employee_count':200,'industry':'software','plan':'enterprise'},"
                + "'address':{'city':'London','country':'GB'},'favouriteColour':'green','createdAt':'2020-01-01'}}"));
        assertThat(e.traits()).isEqualTo(new Traits("ada@analytical-engines.example", "Ada", "King Lovelace",
                "VP Engineering", "Analytical Engines", 200, "software", "GB"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "snake case names win over name | 'first_name':'Grace','last_name':'Hopper','name':'G H' | Grace | Hopper",
            "camel case names | 'firstName':'Grace','lastName':'Hopper' | Grace | Hopper",
            "one-word name | 'name':'Grace' | Grace | ",
            "first name alone and a name | 'firstName':'Amazing','name':'Grace Hopper' | Amazing | Hopper"})
    void adapt_shouldSplitANameAtItsFirstSpace_unlessFirstAndLastNamesAreGiven(String name, String traits,
                                                                                String first, String last) {
        TrackingEvent e = only(batch("{'type':'identify','userId':'u5','messageId':'m5','timestamp':'2026-11-23T09:59:00Z',"
                + "'traits':{" + traits + "}}"));
        assertThat(e.traits().firstName()).as(name).isEqualTo(first);
        assertThat(e.traits().lastName()).as(name).isEqualTo(last);
    }

    @Test
    void adapt_shouldReadRudderStacksTraitsFromContext_andLeaveOutAnEmployeeRange() {
        TrackingEvent e = only(batch("{'type':'identify','userId':'u6','messageId':'m6','timestamp':'2026-11-23T09:59:00Z',"
                + "'context':{'traits':{'email':'c@d.co','company':'Acme','employees':'50-100'}}}"));
        assertThat(e.email()).isEqualTo("c@d.co");
        assertThat(e.traits().company()).isEqualTo("Acme");
        assertThat(e.traits().companySize()).isNull();
    }

    @Test
    void adapt_shouldAcceptAnIdentifyWithoutEmail_asTraitsOnly() {
        TrackingEvent e = only(post("/v1/identify", "{'writeKey':'k','userId':'u7','messageId':'m7',"
                + "'timestamp':'2026-11-23T09:59:00Z','traits':{'title':'CTO'}}"));
        assertThat(e.type()).isEqualTo(EventType.IDENTIFY);
        assertThat(e.email()).isNull();
        assertThat(e.traits().title()).isEqualTo("CTO");
    }

    @Test
    void adapt_shouldMakeAGroupOfCompanyTraits() {
        TrackingEvent e = only(batch("{'type':'group','userId':'u8','groupId':'g1','messageId':'m8',"
                + "'timestamp':'2026-11-23T09:59:00Z','traits':{'name':'Acme','employees':'250','industry':'fintech',"
                + "'plan':'pro','website':'https://acme.example'}}"));
        assertThat(e.type()).isEqualTo(EventType.GROUP);
        assertThat(e.traits()).isEqualTo(new Traits(null, null, null, null, "Acme", 250, "fintech", null));
        assertThat(e.anonymousId()).isEqualTo(UserIds.anonymousIdFor("u8"));
    }

    @Test
    void adapt_shouldMakeAnAliasJoiningPreviousIdToUserId() {
        TrackingEvent e = only(post("/v1/alias", "{'writeKey':'k','userId':'u9','previousId':'anon-7Qm2xK',"
                + "'messageId':'m9','timestamp':'2026-11-23T09:59:00Z'}"));
        assertThat(e.type()).isEqualTo(EventType.ALIAS);
        assertThat(e.anonymousId()).isEqualTo("anon-7Qm2xK");
        assertThat(e.userId()).isEqualTo("u9");
        TrackingEvent mapped = only(post("/v1/a", "{'writeKey':'k','userId':'u9','previousId':'old user 42',"
                + "'messageId':'m9','timestamp':'2026-11-23T09:59:00Z'}"));
        assertThat(mapped.anonymousId()).matches("a-[0-9a-f]{32}");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "name | 'name':'Pricing' | /Pricing",
            "name that is a path | 'name':'/pricing/teams' | /pricing/teams",
            "properties.path wins | 'name':'Pricing','properties':{'path':'/pricing'} | /pricing"})
    void adapt_shouldMakeAScreenAPageView_withItsNameAsPath(String name, String fields, String path) {
        TrackingEvent e = only(post("/v1/screen", "{'writeKey':'k','userId':'u10','messageId':'m10',"
                + "'timestamp':'2026-11-23T09:59:00Z'," + fields + "}"));
        assertThat(e.type()).as(name).isEqualTo(EventType.PAGE);
        assertThat(e.field("context.page.path")).as(name).isEqualTo(path);
    }

    @Test
    void adapt_shouldKeepAnalyticsJsPageContext_onItsSingleLetterRoute() {
        TrackingEvent e = only(post("/v1/p", "{'timestamp':'2026-11-23T09:59:00.000Z','integrations':{},'type':'page',"
                + "'properties':{'path':'/pricing','url':'https://x.io/pricing','title':'Pricing'},"
                + "'context':{'page':{'path':'/pricing','referrer':'https://www.google.com/','search':'','title':'Pricing',"
                + "'url':'https://x.io/pricing'},'userAgent':'Mozilla/5.0','locale':'en-GB','library':{'name':'analytics.js',"
                + "'version':'next-1.84.3'},'campaign':{'source':'newsletter'}},'messageId':'ajs-next-1795428000000-9f1c0b6e',"
                + "'anonymousId':'9f1c0b6e-5d3a-4b8e-8c1d-2b7e4f6a9c10','userId':null,'writeKey':'k',"
                + "'sentAt':'2026-11-23T09:59:00.010Z','_metadata':{'bundled':['Segment.io'],'unbundled':[],'bundledIds':[]}}"));
        assertThat(e.field("context.page.referrer")).isEqualTo("https://www.google.com/");
        assertThat(e.field("context.campaign.source")).isEqualTo("newsletter");
        assertThat(e.field("context.userAgent")).isEqualTo("Mozilla/5.0");
        assertThat(e.context()).doesNotContainKey("library");
        assertThat(e.userId()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "score claimed | 'score':100 | $.batch[0].score | owned by the server",
            "grade claimed in traits | 'traits':{'grade':'A'} | $.batch[0].traits.grade | owned by the server",
            "no ids | 'anonymousId':null,'userId':null | $.batch[0].anonymousId | is required when there is no userId",
            "unknown type | 'type':'click' | $.batch[0].type | must be one of identify, track, page, screen, group, alias",
            "bad trait type | 'traits':{'name':'Ada','company':{'name':['A']}} | $.batch[0].traits.company.name | must be a string",
            "a trait we do not know | 'traits':{'name':'Ada','shoeSize':9} | - | -",
            "email not an email | 'traits':{'email':'nope'} | $.batch[0].traits.email | not an email",
            "first_name with a control | 'traits':{'first_name':'A\\u0007'} | $.batch[0].traits.first_name | control character",
            "old timestamp | 'timestamp':'2020-01-01T00:00:00Z' | $.batch[0].timestamp | older than",
            "bad originalTimestamp | 'timestamp':null,'originalTimestamp':'soon' | $.batch[0].originalTimestamp | ISO-8601",
            "bad per-message sentAt | 'sentAt':'-999999999-01-01T00:00:00Z' | $.batch[0].sentAt | years 0000-9999",
            "numeric messageId | 'messageId':5 | $.batch[0].messageId | non-empty string"})
    void adapt_shouldRefuseTheMessage_namingItsOwnField(String name, String fields, String path, String message) {
        ObjectNode sent = (ObjectNode) Json.read("{'type':'identify','anonymousId':'a1','userId':'u1','messageId':'m1',"
                .replace('\'', '"') + "\"timestamp\":\"2026-11-23T09:59:00Z\"}");
        sent.setAll((ObjectNode) Json.read(("{" + fields + "}").replace('\'', '"')));
        TrackingRequest r = batch(sent.toString());
        if (path.equals("-")) {
            assertThat(r.rejected()).as(name).isEmpty();
            return;
        }
        assertThat(r.accepted()).as(name).isEmpty();
        assertThat(r.rejected().get(0).problems()).as(name).anySatisfy(p -> {
            assertThat(p.path()).isEqualTo(path);
            assertThat(p.message()).contains(message);
        });
    }

    @Test
    void adapt_shouldRefuseALoneSurrogate_evenInAFieldItIgnores() {
        TrackingRequest r = batch("{'type':'track','event':'E','userId':'u1','messageId':'m1','_metadata':{'x':'\\udbff'}}");
        assertThat(r.rejected().get(0).problems()).extracting(Problem::toString).containsExactly(
                "$.batch[0]._metadata.x: contains a lone UTF-16 surrogate (U+DBFF) at offset 0; it is not text and "
                        + "cannot be queued");
    }

    @Test
    void parse_shouldTakeTheWriteKeyFromTheHeader_whenTheBodyHasNone() {
        TrackingRequest r = PARSER.parse(Json.read("{\"batch\":[{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\"}]}"),
                BATCH, "from-header", NOW);
        assertThat(r.writeKey()).isEqualTo("from-header");
        assertThatThrownBy(() -> PARSER.parse(Json.read("{\"batch\":[{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\"}]}"),
                BATCH, null, NOW)).isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.problems())
                .anySatisfy(p -> assertThat(p.toString()).contains("$.writeKey: is required (or the write key as the "
                        + "username of HTTP Basic auth)")));
    }

    @Test
    void parse_shouldRefuseABatchWithoutMessages_andOneWithMoreThanTheLimit() {
        assertThatThrownBy(() -> post("/b", "{'writeKey':'k','batch':[]}"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.problems())
                        .extracting(Problem::toString).containsExactly("$.batch: must hold at least one event"));
        StringBuilder many = new StringBuilder();
        for (int i = 0; i <= Limits.DEFAULT.maxEvents(); i++) {
            many.append(i == 0 ? "" : ",").append("{}");
        }
        assertThatThrownBy(() -> post("/v1/batch", "{'writeKey':'k','batch':[" + many + "]}"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.problems())
                        .extracting(Problem::toString).containsExactly("$.batch: holds 101 events; at most 100 per request"));
    }

    @Test
    void route_shouldServeEverySegmentPath() {
        assertThat(Route.forPath("/v1/t").orElseThrow().messageType()).isEqualTo("track");
        assertThat(Route.forPath("/v1/s").orElseThrow().messageType()).isEqualTo("screen");
        assertThat(Route.forPath("/b").orElseThrow().format()).isEqualTo(Route.Format.SEGMENT_BATCH);
        assertThat(Route.forPath("/v1/events").orElseThrow().format()).isEqualTo(Route.Format.NATIVE);
        assertThat(Route.forPath("/v1/x")).isEmpty();
    }
}

package io.mqlengine.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqlengine.identity.UserIds;
import io.mqlengine.json.Problem;
import io.mqlengine.model.EventType;
import io.mqlengine.model.TrackingEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrackingRequestParserTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final TrackingRequestParser PARSER = new TrackingRequestParser(Limits.DEFAULT);

    private static TrackingRequest parse(String json) {
        return PARSER.parse(json.getBytes(StandardCharsets.UTF_8), NOW);
    }

    /** A request with one event whose fields are {@code fields} (JSON object members, single quotes allowed). */
    private static String one(String fields) {
        return ("{'writeKey':'demo-write-key','events':[{" + fields + "}]}").replace('\'', '"');
    }

    private static final String BASE = "'eventId':'e1','type':'page','anonymousId':'a1','timestamp':'2026-11-23T09:59:00Z'";

    @Test
    void parse_shouldAcceptAValidPageTrackAndIdentify() {
        TrackingRequest r = parse(("{'writeKey':'k','sentAt':'2026-11-23T10:00:00Z','events':["
                + "{'eventId':'e1','type':'page','anonymousId':'a1','timestamp':'2026-11-23T09:59:00Z','context':{'page':{'path':'/pricing','url':'https://x.io/pricing'},'userAgent':'Mozilla/5.0'}},"
                + "{'eventId':'e2','type':'track','event':'Content Downloaded','anonymousId':'a1','timestamp':'2026-11-23T09:59:01Z','properties':{'assetType':'ebook','pages':12,'tags':['a','b']}},"
                + "{'eventId':'e3','type':'identify','anonymousId':'a1','timestamp':'2026-11-23T09:59:02Z','userHash':'ab12','traits':{'email':'Ada@Acme.io','title':'CTO','companySize':120}}]}")
                .replace('\'', '"'));
        assertThat(r.rejected()).isEmpty();
        assertThat(r.accepted()).extracting(a -> a.event().type()).containsExactly(EventType.PAGE, EventType.TRACK, EventType.IDENTIFY);
        TrackingEvent identify = r.accepted().get(2).event();
        assertThat(identify.email()).isEqualTo("Ada@Acme.io");
        assertThat(identify.traits().companySize()).isEqualTo(120);
        assertThat(r.accepted().get(2).userHash()).isEqualTo("ab12");
        assertThat(r.accepted().get(1).event().field("properties.pages")).isEqualTo(12L);
        assertThat(r.accepted().get(0).event().field("context.page.path")).isEqualTo("/pricing");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "missing eventId | 'type':'page','anonymousId':'a1','timestamp':'2026-11-23T09:59:00Z' | $.events[0].eventId | is required",
            "malformed eventId | 'eventId':'has space','type':'page','anonymousId':'a1','timestamp':'2026-11-23T09:59:00Z' | $.events[0].eventId | must be 1-64 characters",
            "numeric eventId | 'eventId':12,'type':'page','anonymousId':'a1','timestamp':'2026-11-23T09:59:00Z' | $.events[0].eventId | must be 1-64 characters",
            "missing anonymousId | 'eventId':'e1','type':'page','timestamp':'2026-11-23T09:59:00Z' | $.events[0].anonymousId | is required",
            "missing type | 'eventId':'e1','anonymousId':'a1','timestamp':'2026-11-23T09:59:00Z' | $.events[0].type | is required",
            "unknown type | 'eventId':'e1','type':'click','anonymousId':'a1','timestamp':'2026-11-23T09:59:00Z' | $.events[0].type | must be one of page, track, identify",
            "track without event | 'eventId':'e1','type':'track','anonymousId':'a1','timestamp':'2026-11-23T09:59:00Z' | $.events[0].event | is required",
            "missing timestamp | 'eventId':'e1','type':'page','anonymousId':'a1' | $.events[0].timestamp | is required",
            "timestamp without offset | 'eventId':'e1','type':'page','anonymousId':'a1','timestamp':'2026-11-23T09:59:00' | $.events[0].timestamp | ISO-8601",
            "future timestamp | 'eventId':'e1','type':'page','anonymousId':'a1','timestamp':'2026-11-23T10:06:00Z' | $.events[0].timestamp | in the future",
            "old timestamp | 'eventId':'e1','type':'page','anonymousId':'a1','timestamp':'2026-11-15T10:00:00Z' | $.events[0].timestamp | older than the accepted horizon of PT168H",
            "score claimed | " + BASE + ",'score':100 | $.events[0].score | owned by the server",
            "stage claimed | " + BASE + ",'stage':'MQL' | $.events[0].stage | owned by the server",
            "grade claimed in traits | 'eventId':'e1','type':'identify','anonymousId':'a1','timestamp':'2026-11-23T09:59:00Z','traits':{'email':'a@b.co','grade':'A'} | $.events[0].traits.grade | owned by the server",
            "qualified claimed | " + BASE + ",'qualified':true | $.events[0].qualified | owned by the server",
            "unknown field | " + BASE + ",'colour':'red' | $.events[0].colour | unknown field",
            "unknown trait | 'eventId':'e1','type':'identify','anonymousId':'a1','timestamp':'2026-11-23T09:59:00Z','traits':{'title':'CTO','shoeSize':9} | $.events[0].traits.shoeSize | unknown trait",
            "person trait on group | 'eventId':'e1','type':'group','anonymousId':'a1','timestamp':'2026-11-23T09:59:00Z','traits':{'company':'Acme','email':'a@b.co'} | $.events[0].traits.email | is not a company trait",
            "alias without userId | 'eventId':'e1','type':'alias','anonymousId':'a1','timestamp':'2026-11-23T09:59:00Z' | $.events[0].userId | is required for alias",
            "year beyond 9999 | 'eventId':'e1','type':'page','anonymousId':'a1','timestamp':'+999999999-12-31T23:59:59Z' | $.events[0].timestamp | years 0000-9999",
            "negative year | 'eventId':'e1','type':'page','anonymousId':'a1','timestamp':'-999999999-01-01T00:00:00Z' | $.events[0].timestamp | years 0000-9999",
            "lone surrogate | " + BASE + ",'properties':{'note':'a\\ud800b'} | $.events[0].properties.note | lone UTF-16 surrogate (U+D800) at offset 1",
            "noncharacter in nested value | " + BASE + ",'properties':{'a':{'b':['x','\\uffff']}} | $.events[0].properties.a.b[1] | noncharacter (U+FFFF)",
            "noncharacter in field name | " + BASE + ",'context':{'k\\ufffe':1} | $.events[0].context.k\\uFFFE | field name contains the noncharacter (U+FFFE)",
            "lone low surrogate in unknown field name | " + BASE + ",'x\\udc00':1 | $.events[0].x\\uDC00 | lone UTF-16 surrogate",
            "bad email | 'eventId':'e1','type':'identify','anonymousId':'a1','timestamp':'2026-11-23T09:59:00Z','traits':{'email':'not-an-email'} | $.events[0].traits.email | not an email",
            "negative company size | 'eventId':'e1','type':'identify','anonymousId':'a1','timestamp':'2026-11-23T09:59:00Z','traits':{'email':'a@b.co','companySize':-3} | $.events[0].traits.companySize | whole number",
            "traits on page | " + BASE + ",'traits':{'email':'a@b.co'} | $.events[0].traits | only allowed when type is identify",
            "control character | " + BASE + ",'properties':{'note':'bell\\u0007'} | $.events[0].properties.note | control character U+0007",
            "page path not absolute | " + BASE + ",'context':{'page':{'path':'pricing'}} | $.events[0].context.page.path | starting with '/'",
            "properties not object | " + BASE + ",'properties':[1] | $.events[0].properties | must be a JSON object",
            "nested too deep | " + BASE + ",'properties':{'a':{'b':{'c':{'d':{'e':1}}}}} | $.events[0].properties.a.b.c.d | nests deeper than 3 levels"})
    void parse_shouldRejectTheEvent_namingThePath(String name, String fields, String path, String message) {
        TrackingRequest r = parse(one(fields));
        assertThat(r.accepted()).as(name).isEmpty();
        assertThat(r.rejected()).hasSize(1);
        assertThat(r.rejected().get(0).problems()).as(name)
                .anySatisfy(p -> {
                    assertThat(p.path()).isEqualTo(path);
                    assertThat(p.message()).contains(message);
                });
    }

    @Test
    void parse_shouldAcceptIdentifyWithoutEmail_groupAndAlias_natively() {
        TrackingRequest r = parse(("{'writeKey':'k','events':["
                + "{'eventId':'e1','type':'identify','anonymousId':'a1','timestamp':'2026-11-23T09:59:00Z','traits':{'title':'CTO'}},"
                + "{'eventId':'e2','type':'group','anonymousId':'a1','timestamp':'2026-11-23T09:59:01Z','traits':{'company':'Acme','companySize':250,'industry':'software'}},"
                + "{'eventId':'e3','type':'alias','anonymousId':'a1','userId':'user-7','timestamp':'2026-11-23T09:59:02Z'}]}")
                .replace('\'', '"'));
        assertThat(r.rejected()).isEmpty();
        assertThat(r.accepted()).extracting(a -> a.event().type())
                .containsExactly(EventType.IDENTIFY, EventType.GROUP, EventType.ALIAS);
        assertThat(r.accepted().get(0).event().email()).isNull();
        assertThat(r.accepted().get(0).event().traits().title()).isEqualTo("CTO");
        assertThat(r.accepted().get(1).event().traits().companySize()).isEqualTo(250);
        assertThat(r.accepted().get(2).event().userId()).isEqualTo("user-7");
    }

    @Test
    void parse_shouldKeyAnEventByItsUserIdsDerivedLead_whenItHasNoAnonymousId() {
        TrackingRequest r = parse(one("'eventId':'e1','type':'track','event':'Trial Started','userId':'user 7@acme',"
                + "'timestamp':'2026-11-23T09:59:00Z'"));
        assertThat(r.rejected()).isEmpty();
        assertThat(r.accepted().get(0).event().anonymousId()).isEqualTo(UserIds.anonymousIdFor("user 7@acme"));
        assertThat(r.accepted().get(0).event().userId()).isEqualTo("user 7@acme");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "path and url in properties | 'properties':{'path':'/pricing','url':'https://x.io/pricing?a=1'} | /pricing | https://x.io/pricing?a=1",
            "url only | 'properties':{'url':'https://x.io/pricing/teams'} | /pricing/teams | https://x.io/pricing/teams",
            "context.page wins | 'context':{'page':{'path':'/docs'}},'properties':{'path':'/pricing','url':'https://x.io/pricing'} | /docs | https://x.io/pricing"})
    void parse_shouldTakeAPageViewsPathFromItsProperties_whenContextPageLacksIt(String name, String fields, String path,
                                                                              String url) {
        TrackingRequest r = parse(one(BASE + "," + fields));
        assertThat(r.rejected()).as(name).isEmpty();
        assertThat(r.accepted().get(0).event().field("context.page.path")).as(name).isEqualTo(path);
        assertThat(r.accepted().get(0).event().field("context.page.url")).as(name).isEqualTo(url);
    }

    @Test
    void parse_shouldListTwentyProblemsOfAnEvent_andCountTheRest() {
        StringBuilder unknown = new StringBuilder();
        for (int i = 0; i < 6500; i++) {
            unknown.append(",'u").append(i).append("':1");
        }
        TrackingRequest r = parse(one(BASE + unknown));
        TrackingRequest.Rejected rejected = r.rejected().get(0);
        assertThat(rejected.problems()).hasSize(Limits.MAX_PROBLEMS_PER_EVENT);
        assertThat(rejected.omitted()).isEqualTo(6500 - Limits.MAX_PROBLEMS_PER_EVENT);
    }

    @Test
    void parse_shouldListAHundredProblemsOfARequest_andCountTheRest() {
        StringBuilder unknown = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            unknown.append(",'u").append(i).append("':1");
        }
        String body = "{'writeKey':'k','events':[{}]" + unknown + "}";
        assertThatThrownBy(() -> parse(body.replace('\'', '"')))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.problems()).hasSize(Limits.MAX_PROBLEMS_PER_REQUEST);
                    assertThat(e.omitted()).isEqualTo(200);
                });
    }

    @Test
    void parse_shouldCutAVeryLongPath_soThatAnAnswerStaysSmall() {
        TrackingRequest r = parse(one(BASE + ",'" + "n".repeat(250) + "':1"));
        String path = r.rejected().get(0).problems().get(0).path();
        assertThat(path).hasSize(256).startsWith("$.events[0].nnn").endsWith("...");
    }

    @Test
    void parse_shouldReportEveryProblemOfAnEvent_andKeepTheValidOnes() {
        TrackingRequest r = parse(("{'writeKey':'k','events':[{'eventId':'ok','type':'page','anonymousId':'a1','timestamp':'2026-11-23T09:59:00Z'},"
                + "{'eventId':'bad id','type':'nope','score':3}]}").replace('\'', '"'));
        assertThat(r.accepted()).hasSize(1);
        TrackingRequest.Rejected rej = r.rejected().get(0);
        assertThat(rej.index()).isEqualTo(1);
        assertThat(rej.eventId()).isEqualTo("bad id");
        assertThat(rej.problems()).extracting(Problem::path).containsExactlyInAnyOrder(
                "$.events[1].score", "$.events[1].eventId", "$.events[1].anonymousId", "$.events[1].type",
                "$.events[1].timestamp");
    }

    @Test
    void parse_shouldLimitStringsAndPropertyCounts() {
        String longString = "x".repeat(Limits.DEFAULT.maxStringLength() + 1);
        TrackingRequest r = parse(one(BASE + ",'properties':{'note':'" + longString + "'}"));
        assertThat(r.rejected().get(0).problems()).extracting(Problem::toString)
                .containsExactly("$.events[0].properties.note: is longer than 2048 characters");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i <= Limits.DEFAULT.maxProperties(); i++) {
            many.append(i == 0 ? "" : ",").append("'p").append(i).append("':1");
        }
        TrackingRequest r2 = parse(one(BASE + ",'properties':{" + many + "}"));
        assertThat(r2.rejected().get(0).problems()).extracting(Problem::toString)
                .containsExactly("$.events[0].properties: has 51 fields; at most 50");
    }

    @Test
    void parse_shouldCorrectTheClientClock_bySentAt() {
        // the client clock is 2 hours fast: its timestamp looks future, its sentAt says by how much
        String body = ("{'writeKey':'k','sentAt':'2026-11-23T12:00:00Z','events':[{'eventId':'e1','type':'page',"
                + "'anonymousId':'a1','timestamp':'2026-11-23T11:59:00Z'}]}").replace('\'', '"');
        TrackingRequest r = parse(body);
        assertThat(r.accepted()).hasSize(1);
        assertThat(r.accepted().get(0).event().timestamp()).isEqualTo(Instant.parse("2026-11-23T09:59:00Z"));
    }

    @Test
    void parse_shouldAcceptAnEventRepeatedInOneRequestOnce() {
        String e = "{'eventId':'e1','type':'page','anonymousId':'a1','timestamp':'2026-11-23T09:59:00Z'}";
        TrackingRequest r = parse(("{'writeKey':'k','events':[" + e + "," + e + "]}").replace('\'', '"'));
        assertThat(r.accepted()).hasSize(1);
        assertThat(r.rejected()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not JSON | {nope | $ | is not valid JSON",
            "trailing garbage | {'writeKey':'k','events':[]} x | $ | is not valid JSON",
            "duplicate key | {'writeKey':'k','writeKey':'k2','events':[]} | $ | Duplicate field",
            "array body | [] | $ | must be a JSON object",
            "no write key | {'events':[]} | $.writeKey | is required",
            "no events | {'writeKey':'k'} | $.events | is required and must be an array",
            "empty events | {'writeKey':'k','events':[]} | $.events | at least one event",
            "bad sentAt | {'writeKey':'k','sentAt':'yesterday','events':[{}]} | $.sentAt | ISO-8601",
            "sentAt in year -999999999 | {'writeKey':'k','sentAt':'-999999999-01-01T00:00:00Z','events':[{}]} | $.sentAt | years 0000-9999",
            "number beyond any exponent | {'writeKey':'k','events':[{'x':1e2147483648}]} | $ | number out of range",
            "number beyond any scale | {'writeKey':'k','events':[{'x':1e-2147483648}]} | $ | number out of range",
            "NaN | {'writeKey':'k','events':[{'x':NaN}]} | $ | is not valid JSON",
            "noncharacter in the write key | {'writeKey':'k\\uffff','events':[{}]} | $.writeKey | noncharacter (U+FFFF)",
            "request claims score | {'writeKey':'k','score':5,'events':[{}]} | $.score | owned by the server",
            "unknown request field | {'writeKey':'k','batch':1,'events':[{}]} | $.batch | unknown field"})
    void parse_shouldRejectTheWholeRequest_namingThePath(String name, String body, String path, String message) {
        assertThatThrownBy(() -> parse(body.replace('\'', '"')))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> {
                            assertThat(p.path()).isEqualTo(path);
                            assertThat(p.message()).contains(message);
                        }));
    }

    @Test
    void parse_shouldRejectMoreEventsThanTheLimit_andNestingBeyondTheParserLimit() {
        StringBuilder events = new StringBuilder();
        for (int i = 0; i <= Limits.DEFAULT.maxEvents(); i++) {
            events.append(i == 0 ? "" : ",").append("{}");
        }
        assertThatThrownBy(() -> parse("{\"writeKey\":\"k\",\"events\":[" + events + "]}"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.problems())
                        .extracting(Problem::toString).containsExactly("$.events: holds 101 events; at most 100 per request"));
        String deep = "[".repeat(50) + "]".repeat(50);
        assertThatThrownBy(() -> parse("{\"writeKey\":\"k\",\"events\":" + deep + "}"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.problems().get(0).message())
                        .contains("exceeds a parser limit").contains("nesting depth"));
    }
}

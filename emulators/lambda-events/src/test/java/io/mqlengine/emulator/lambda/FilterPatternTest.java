package io.mqlengine.emulator.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The rule syntax table of the Lambda event-filtering documentation, example by example. */
class FilterPatternTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void matches_shouldFollowNullEmptyAndEquals_whenPatternsListValues() {
        assertThat(matches("{\"UserID\": [null]}", "{\"UserID\": null}")).isTrue();
        assertThat(matches("{\"UserID\": [null]}", "{\"UserID\": \"u1\"}")).isFalse();
        assertThat(matches("{\"LastName\": [\"\"]}", "{\"LastName\": \"\"}")).isTrue();
        assertThat(matches("{\"Name\": [\"Alice\"]}", "{\"Name\": \"Alice\"}")).isTrue();
        assertThat(matches("{\"Name\": [\"Alice\"]}", "{\"Name\": \"alice\"}")).isFalse();
        assertThat(matches("{\"Name\": [{\"equals-ignore-case\": \"alice\"}]}", "{\"Name\": \"ALICE\"}")).isTrue();
    }

    @Test
    void matches_shouldAndKeysAndOrValues_whenPatternHasSeveralKeysOrValues() {
        String and = "{\"Location\": [\"New York\"], \"Day\": [\"Monday\"]}";
        assertThat(matches(and, "{\"Location\": \"New York\", \"Day\": \"Monday\"}")).isTrue();
        assertThat(matches(and, "{\"Location\": \"New York\", \"Day\": \"Tuesday\"}")).isFalse();
        String or = "{\"PaymentType\": [\"Credit\", \"Debit\"]}";
        assertThat(matches(or, "{\"PaymentType\": \"Debit\"}")).isTrue();
        assertThat(matches(or, "{\"PaymentType\": \"Cash\"}")).isFalse();
        String orFields = "{\"$or\": [{\"Location\": [\"New York\"]}, {\"Day\": [\"Monday\"]}]}";
        assertThat(matches(orFields, "{\"Location\": \"Boston\", \"Day\": \"Monday\"}")).isTrue();
        assertThat(matches(orFields, "{\"Location\": \"Boston\", \"Day\": \"Friday\"}")).isFalse();
    }

    @Test
    void matches_shouldHonourAnythingButNumericPrefixAndSuffix_whenPatternsUseOperators() {
        assertThat(matches("{\"Weather\": [{\"anything-but\": [\"Raining\"]}]}", "{\"Weather\": \"Sunny\"}")).isTrue();
        assertThat(matches("{\"Weather\": [{\"anything-but\": [\"Raining\"]}]}", "{\"Weather\": \"Raining\"}")).isFalse();
        assertThat(matches("{\"Price\": [{\"numeric\": [\"=\", 100]}]}", "{\"Price\": 100}")).isTrue();
        assertThat(matches("{\"Price\": [{\"numeric\": [\">\", 10, \"<=\", 20]}]}", "{\"Price\": 20}")).isTrue();
        assertThat(matches("{\"Price\": [{\"numeric\": [\">\", 10, \"<=\", 20]}]}", "{\"Price\": 10}")).isFalse();
        assertThat(matches("{\"Price\": [{\"numeric\": [\"=\", 100]}]}", "{\"Price\": \"100\"}"))
                .as("numeric matching applies to JSON numbers, so not to DynamoDB N strings").isFalse();
        assertThat(matches("{\"Region\": [{\"prefix\": \"us-\"}]}", "{\"Region\": \"us-east-1\"}")).isTrue();
        assertThat(matches("{\"Region\": [{\"prefix\": \"us-\"}]}", "{\"Region\": \"eu-west-1\"}")).isFalse();
        assertThat(matches("{\"FileName\": [{\"suffix\": \".png\"}]}", "{\"FileName\": \"cat.png\"}")).isTrue();
    }

    @Test
    void matches_shouldTestPresenceOnLeafNodes_whenPatternUsesExists() {
        assertThat(matches("{\"ProductName\": [{\"exists\": true}]}", "{\"ProductName\": \"x\"}")).isTrue();
        assertThat(matches("{\"ProductName\": [{\"exists\": true}]}", "{\"Other\": \"x\"}")).isFalse();
        assertThat(matches("{\"ProductName\": [{\"exists\": false}]}", "{\"Other\": \"x\"}")).isTrue();
        assertThat(matches("{\"ProductName\": [{\"exists\": true}]}", "{\"ProductName\": {\"nested\": 1}}"))
                .as("exists does not match intermediate nodes").isFalse();
    }

    @Test
    void matches_shouldMatchDynamoDbRecords_whenPatternsFollowTheDocumentedStreamExamples() {
        String record = """
                {"eventName": "INSERT", "dynamodb": {"Keys": {"CustomerName": {"S": "AnyCompany Industries"}},
                    "NewImage": {"stage": {"S": "MQL"}, "hp": {"N": "3"}, "tags": {"SS": ["a", "b"]}}}}""";
        assertThat(matches("{\"dynamodb\": {\"Keys\": {\"CustomerName\": {\"S\": [\"AnyCompany Industries\"]}}}}", record)).isTrue();
        assertThat(matches("{\"eventName\": [\"INSERT\"]}", record)).isTrue();
        assertThat(matches("{\"eventName\": [\"MODIFY\"]}", record)).isFalse();
        String project = "{\"dynamodb\": {\"NewImage\": {\"stage\": {\"S\": [\"MQL\"]}, \"hp\": {\"N\": [{\"exists\": true}]}}}}";
        assertThat(matches(project, record)).isTrue();
        assertThat(matches(project, record.replace("\"hp\"", "\"other\""))).isFalse();
        assertThat(matches("{\"dynamodb\": {\"NewImage\": {\"tags\": {\"SS\": [\"b\"]}}}}", record))
                .as("an array matches when any element does").isTrue();
    }

    @Test
    void parse_shouldRefuseWithAReason_whenThePatternIsInvalid() {
        assertThatThrownBy(() -> FilterPattern.parse("{\"a\": \"b\"}")).hasMessageContaining("leaf values must be lists");
        assertThatThrownBy(() -> FilterPattern.parse("{\"a\": [{\"wildcard\": \"*\"}]}")).hasMessageContaining("not supported");
        assertThatThrownBy(() -> FilterPattern.parse("not json")).hasMessageContaining("not valid JSON");
    }

    private static boolean matches(String pattern, String event) {
        try {
            JsonNode record = JSON.readTree(event);
            return FilterPattern.parse(pattern).matches(record);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}

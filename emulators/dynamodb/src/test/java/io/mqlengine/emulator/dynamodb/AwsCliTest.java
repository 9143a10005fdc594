package io.mqlengine.emulator.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The AWS CLI, unmodified, against the emulator: skipped, with the reason, where no {@code aws} is installed. */
class AwsCliTest {
    private static DynamoDbEmulator emulator;

    @BeforeAll
    static void start() throws Exception {
        emulator = DynamoDbEmulator.builder().build().start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    private static JsonNode aws(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("aws", "--endpoint-url", emulator.endpoint(), "--region", "us-east-1",
                "--output", "json"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("AWS_ACCESS_KEY_ID", "test");
        pb.environment().put("AWS_SECRET_ACCESS_KEY", "test");
        pb.environment().put("AWS_PAGER", "");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("aws %s said: %s", String.join(" ", args), out).isZero();
        return out.isBlank() ? new ObjectMapper().createObjectNode() : new ObjectMapper().readTree(out);
    }

    private static boolean cliInstalled() {
        try {
            Process p = new ProcessBuilder("aws", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void awsCli_shouldCreateWriteReadAndStream_withOnlyTheEndpointChanged() throws Exception {
        assumeTrue(cliInstalled(), "the AWS CLI (aws) is not installed: skipping the CLI compatibility test");
        aws("dynamodb", "create-table", "--table-name", "cli", "--billing-mode", "PAY_PER_REQUEST",
                "--attribute-definitions", "AttributeName=pk,AttributeType=S", "--key-schema", "AttributeName=pk,KeyType=HASH",
                "--stream-specification", "StreamEnabled=true,StreamViewType=NEW_IMAGE");
        aws("dynamodb", "put-item", "--table-name", "cli", "--item", "{\"pk\":{\"S\":\"a\"},\"n\":{\"N\":\"1\"}}");
        aws("dynamodb", "update-item", "--table-name", "cli", "--key", "{\"pk\":{\"S\":\"a\"}}",
                "--update-expression", "ADD n :one", "--expression-attribute-values", "{\":one\":{\"N\":\"2\"}}");
        JsonNode item = aws("dynamodb", "get-item", "--table-name", "cli", "--key", "{\"pk\":{\"S\":\"a\"}}");
        assertThat(item.at("/Item/n/N").asText()).isEqualTo("3");
        JsonNode scan = aws("dynamodb", "scan", "--table-name", "cli");
        assertThat(scan.get("Count").asInt()).isEqualTo(1);
        JsonNode streams = aws("dynamodbstreams", "list-streams", "--table-name", "cli");
        String arn = streams.at("/Streams/0/StreamArn").asText();
        JsonNode stream = aws("dynamodbstreams", "describe-stream", "--stream-arn", arn);
        String shard = stream.at("/StreamDescription/Shards/0/ShardId").asText();
        String iterator = aws("dynamodbstreams", "get-shard-iterator", "--stream-arn", arn, "--shard-id", shard,
                "--shard-iterator-type", "TRIM_HORIZON").get("ShardIterator").asText();
        JsonNode records = aws("dynamodbstreams", "get-records", "--shard-iterator", iterator);
        assertThat(records.get("Records")).hasSize(2);
    }
}

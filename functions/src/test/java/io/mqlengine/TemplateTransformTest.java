package io.mqlengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mqlengine.testing.TemplateResources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * template.yaml through the tools a deployment uses: the SAM translator (aws-sam-translator, the code behind
 * CloudFormation's AWS::Serverless transform) and cfn-lint. Each test skips, saying why, where its tool is missing.
 */
class TemplateTransformTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path TEMPLATE = TemplateResources.repositoryRoot().resolve("template.yaml");
    private static final String TWO_ORIGINS = "https://www.example.com,https://shop.example.com";
    /** Transforms the template named by argv[1] with the parameter values in argv[2]; prints the result as JSON. */
    private static final String TRANSFORM = """
            import json, os, sys
            os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
            from samtranslator.translator.transform import transform
            from samtranslator.yaml_helper import yaml_parse
            from samtranslator.public.exceptions import InvalidDocumentException

            class NoManagedPolicies:
                def load(self):
                    return {}

            template = yaml_parse(open(sys.argv[1]).read())
            # what sam package does first: local code locations become S3 objects
            function_globals = template.get("Globals", {}).get("Function", {})
            if "CodeUri" in function_globals:
                function_globals["CodeUri"] = "s3://bucket/functions.jar"
            for resource in template["Resources"].values():
                properties = resource.get("Properties", {})
                if "CodeUri" in properties:
                    properties["CodeUri"] = "s3://bucket/functions.jar"
                if "ContentUri" in properties:
                    properties["ContentUri"] = "s3://bucket/layer.zip"
            try:
                print(json.dumps(transform(template, json.loads(sys.argv[2]), NoManagedPolicies())))
            except InvalidDocumentException as e:
                sys.exit("invalid template: " + "; ".join(str(c) for c in e.causes))
            """;
    /** The form SAM issue #1515 breaks: an intrinsic AllowOrigins in CorsConfiguration. */
    private static final String SPLIT_IN_CORS_CONFIGURATION = """
            Transform: AWS::Serverless-2016-10-31
            Parameters:
              AllowedOrigins: {Type: String}
            Resources:
              HttpApi:
                Type: AWS::Serverless::HttpApi
                Properties:
                  CorsConfiguration:
                    AllowOrigins: !Split [',', !Ref AllowedOrigins]
                    AllowMethods: [POST, OPTIONS]
                    AllowHeaders: [content-type]
                    MaxAge: 600
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  CodeUri: s3://bucket/functions.jar
                  Handler: a.B::handleRequest
                  Runtime: java21
                  Events:
                    Post: {Type: HttpApi, Properties: {ApiId: !Ref HttpApi, Path: /v1/events, Method: POST}}
            """;

    @TempDir
    Path dir;

    @Test
    void transform_shouldKeepEveryCorsSettingOfTheHttpApi_whenAllowedOriginsNamesTwoSites() throws Exception {
        assumeInstalled("python3", "-c", "import samtranslator");

        JsonNode api = transform(TEMPLATE, Map.of("AllowedOrigins", TWO_ORIGINS)).path("Resources").path("HttpApi");

        assertThat(api.path("Type").asText()).isEqualTo("AWS::ApiGatewayV2::Api");
        JsonNode cors = api.path("Properties").path("Body").path("x-amazon-apigateway-cors");
        assertThat(asCloudFormationResolves(cors.path("allowOrigins"), TWO_ORIGINS))
                .containsExactly("https://www.example.com", "https://shop.example.com");
        assertThat(texts(cors.path("allowMethods"))).containsExactly("POST", "OPTIONS");
        assertThat(texts(cors.path("allowHeaders"))).containsExactlyInAnyOrder("content-type", "authorization",
                "x-retry-count");
        assertThat(texts(cors.path("exposeHeaders"))).containsExactly("retry-after");
        assertThat(cors.path("maxAge").asInt()).isEqualTo(600);
        assertThat(api.path("Properties").path("Body").path("paths").path("/v1/events").has("post"))
                .as("the ingest route is merged into the body").isTrue();
    }

    /** Why template.yaml keeps its CORS in the OpenAPI body; this fails the day the translator fixes the bug. */
    @Test
    void transform_shouldDropAllowMethodsAndMaxAge_whenCorsConfigurationTakesAnIntrinsicAllowOrigins() throws Exception {
        assumeInstalled("python3", "-c", "import samtranslator");
        Path broken = Files.writeString(dir.resolve("split-in-cors-configuration.yaml"), SPLIT_IN_CORS_CONFIGURATION);

        JsonNode cors = transform(broken, Map.of("AllowedOrigins", TWO_ORIGINS)).path("Resources").path("HttpApi")
                .path("Properties").path("Body").path("x-amazon-apigateway-cors");

        assertThat(cors.has("allowMethods")).as("SAM issue #1515: %s", cors).isFalse();
        assertThat(cors.has("maxAge")).as("SAM issue #1515: %s", cors).isFalse();
    }

    @Test
    void cfnLint_shouldReportNoError_whenLintingTheTemplate() throws Exception {
        assumeInstalled("cfn-lint", "--version");

        Run lint = run(List.of("cfn-lint", "--format", "json", "--", TEMPLATE.toString()));

        List<String> errors = new ArrayList<>();
        for (JsonNode match : JSON.readTree(lint.stdout().isBlank() ? "[]" : lint.stdout())) {
            if (match.path("Level").asText().equals("Error")) {
                errors.add(match.path("Rule").path("Id").asText() + " " + match.path("Message").asText());
            }
        }
        assertThat(errors).as("cfn-lint errors (stderr: %s)", lint.stderr()).isEmpty();
        assertThat(lint.exit() & 2).as("cfn-lint's error bit in its exit code %d", lint.exit()).isZero();
    }

    private JsonNode transform(Path template, Map<String, String> parameters) throws Exception {
        Path script = Files.writeString(dir.resolve("transform.py"), TRANSFORM);
        Run run = run(List.of("python3", script.toString(), template.toString(), JSON.writeValueAsString(parameters)));
        assertThat(run.exit()).as("the SAM translator said: %s", run.stderr()).isZero();
        return JSON.readTree(run.stdout());
    }

    /** What CloudFormation makes of the list after the transform: a list, or Fn::Split of the parameter. */
    private static List<String> asCloudFormationResolves(JsonNode node, String parameterValue) {
        if (node.isArray()) {
            return texts(node);
        }
        JsonNode split = node.path("Fn::Split");
        assertThat(split.isArray() && split.size() == 2).as("a list or Fn::Split, got %s", node).isTrue();
        JsonNode source = split.get(1);
        String value = source.isTextual() ? source.asText() : source.path("Ref").asText();
        assertThat(source.isTextual() || value.equals("AllowedOrigins")).as("splits AllowedOrigins: %s", node).isTrue();
        return Arrays.asList((source.isTextual() ? value : parameterValue).split(Pattern.quote(split.get(0).asText()), -1));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    private static void assumeInstalled(String... probe) {
        boolean installed;
        try {
            installed = run(List.of(probe)).exit() == 0;
        } catch (IOException notOnPath) {
            installed = false;
        }
        String reason = String.join(" ", probe) + " failed: " + (probe[0].equals("cfn-lint")
                ? "cfn-lint is not installed (pip install cfn-lint)"
                : "python3 with aws-sam-translator is not installed (pip install aws-sam-translator)")
                + "; skipping this check of template.yaml";
        if (!installed) {
            System.out.println(TemplateTransformTest.class.getSimpleName() + ": " + reason);
        }
        assumeTrue(installed, reason);
    }

    private record Run(int exit, String stdout, String stderr) {
    }

    private static Run run(List<String> command) throws IOException {
        // stderr to a file, so that a chatty tool never blocks on a full pipe while stdout is read
        Path stderr = Files.createTempFile("template-transform", ".stderr");
        try {
            Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
            String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(command.get(0) + " did not finish within 120 s");
            }
            return new Run(process.exitValue(), stdout, Files.readString(stderr));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } finally {
            Files.deleteIfExists(stderr);
        }
    }
}

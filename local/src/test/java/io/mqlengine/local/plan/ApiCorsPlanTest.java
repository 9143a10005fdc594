package io.mqlengine.local.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqlengine.local.template.ParameterValues;
import io.mqlengine.local.template.PhysicalNames;
import io.mqlengine.local.template.Template;
import io.mqlengine.local.template.TemplateReader;
import io.mqlengine.local.template.TemplateRefusal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the twin reads an HTTP API's CORS: CorsConfiguration with literal origins, or DefinitionBody's
 * x-amazon-apigateway-cors; and the forms a deployment would lose or never match, refused before anything starts.
 */
class ApiCorsPlanTest {
    private static final String HEADER = """
        AWSTemplateFormatVersion: '2010-09-09'
        Transform: AWS::Serverless-2016-10-31
        Parameters:
          Origins: {Type: String, Default: 'https://www.example.com,http://localhost:*'}
        Resources:
          Api:
            Type: AWS::Serverless::HttpApi
            Properties:
        """;
    private static final String BODY_CORS = """
              DefinitionBody:
                openapi: '3.0.1'
                info: {title: !Ref AWS::StackName, version: '1.0'}
                paths: {}
                x-amazon-apigateway-cors:
                  allowOrigins: !Split [',', !Ref Origins]
                  allowMethods: [post, OPTIONS]
                  allowHeaders: [Content-Type, Authorization, x-retry-count]
                  maxAge: 600
        """;

    @TempDir
    Path dir;

    @Test
    void plan_shouldReadTheCorsOfTheOpenApiBody_whenDefinitionBodyHasTheCorsExtension() throws Exception {
        HttpApiPlan.Cors cors = plan(HEADER + BODY_CORS).httpApi().orElseThrow().cors().orElseThrow();

        assertThat(cors.allowOrigins()).containsExactly("https://www.example.com", "http://localhost:*");
        assertThat(cors.allowMethods()).containsExactly("POST", "OPTIONS");
        assertThat(cors.allowHeaders()).containsExactly("content-type", "authorization", "x-retry-count");
        assertThat(cors.maxAge()).isEqualTo(600);
    }

    @Test
    void plan_shouldReadCorsConfiguration_whenItListsTheOriginsLiterally() throws Exception {
        HttpApiPlan.Cors cors = plan(HEADER + """
                CorsConfiguration:
                  AllowOrigins: [https://www.example.com, https://*.example.com]
                  AllowMethods: [POST]
                  AllowHeaders: [content-type]
                  MaxAge: 300
          """).httpApi().orElseThrow().cors().orElseThrow();

        assertThat(cors.allowOrigins()).containsExactly("https://www.example.com", "https://*.example.com");
        assertThat(cors.maxAge()).isEqualTo(300);
    }

    @Test
    void plan_shouldRefuseNamingSamIssue1515_whenCorsConfigurationTakesItsOriginsFromSplit() {
        assertThatThrownBy(() -> plan(HEADER + """
                CorsConfiguration:
                  AllowOrigins: !Split [',', !Ref Origins]
                  AllowMethods: [POST]
          """)).isInstanceOf(TemplateRefusal.class)
                .hasMessageStartingWith("Resources.Api.Properties.CorsConfiguration.AllowOrigins: !Split here makes the SAM "
                        + "transform replace the whole CORS configuration with it, dropping AllowMethods, AllowHeaders and MaxAge "
                        + "(SAM issue #1515)");
    }

    @Test
    void plan_shouldRefuseNamingTheEntry_whenAnOriginOfTheTemplateHasATrailingSlash() {
        assertThatThrownBy(() -> plan(HEADER + """
                CorsConfiguration:
                  AllowOrigins: [https://www.example.com/]
          """)).isInstanceOf(TemplateRefusal.class)
                .hasMessage("Resources.Api.Properties.CorsConfiguration.AllowOrigins: 'https://www.example.com/' ends with a "
                        + "slash; an origin has no path: https://www.example.com");
    }

    @Test
    void plan_shouldRefuseThePaths_whenTheOpenApiBodyDeclaresRoutes() {
        assertThatThrownBy(() -> plan(HEADER + """
                DefinitionBody:
                  openapi: '3.0.1'
                  paths: {/v1/events: {post: {}}}
          """)).isInstanceOf(TemplateRefusal.class)
                .hasMessageStartingWith("Resources.Api.Properties.DefinitionBody.paths: the twin serves the routes of the "
                        + "functions' HttpApi events");
    }

    @Test
    void plan_shouldRefuse_whenCorsIsSetInBothPlaces() {
        assertThatThrownBy(() -> plan(HEADER + BODY_CORS + """
                CorsConfiguration:
                  AllowOrigins: [https://www.example.com]
          """)).isInstanceOf(TemplateRefusal.class)
                .hasMessageStartingWith("Resources.Api.Properties.CorsConfiguration: CORS is also set in DefinitionBody's "
                        + "x-amazon-apigateway-cors");
    }

    private TwinPlan plan(String yaml) throws Exception {
        Path file = Files.writeString(dir.resolve("template.yaml"), yaml);
        Template template = TemplateReader.read(file);
        return Planner.plan(template, ParameterValues.resolve(template, Map.of()), new PhysicalNames.Endpoints(
                "http://127.0.0.1:9324", "http://127.0.0.1:8000", "http://127.0.0.1:9195", "http://127.0.0.1:8080", Map.of()));
    }
}

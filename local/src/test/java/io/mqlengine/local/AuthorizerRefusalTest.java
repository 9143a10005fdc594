package io.mqlengine.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqlengine.local.template.TemplateRefusal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Authorizers the twin cannot enforce are refused at start, naming the route or the authorizer, never served open. */
class AuthorizerRefusalTest {
    private static final String CODE = TwinLines.template("http.yaml").getParent().getParent().toString();
    private static final String JWT = "      Auth:\n        Authorizers:\n          LeadsJwt:\n"
            + "            IdentitySource: $request.header.Authorization\n            JwtConfiguration:\n"
            + "              issuer: https://issuer.example.com\n              audience: [leads]\n";

    @TempDir
    Path dir;

    @Test
    void start_shouldRefuseNamingTheJwtAuthorizer_whenTheHttpApiDefinesOne() {
        String template = template(JWT, "            Auth:\n              Authorizer: LeadsJwt\n");

        assertThatThrownBy(() -> RefusedStart.start(dir, template)).isInstanceOf(TemplateRefusal.class)
                .hasMessageContaining("Resources.Api.Properties.Auth.Authorizers: LeadsJwt: JWT and Lambda authorizers are not "
                        + "emulated");
    }

    @Test
    void start_shouldRefuseNamingTheRouteAndAuthorizer_whenAnEventUsesAnAuthorizerOtherThanAwsIam() {
        String template = template("      Auth:\n        EnableIamAuthorizer: true\n",
                "            Auth:\n              Authorizer: LeadsLambdaAuthorizer\n");

        assertThatThrownBy(() -> RefusedStart.start(dir, template)).isInstanceOf(TemplateRefusal.class)
                .hasMessageContaining("Resources.Leads.Properties.Events.GetLead.Properties.Auth.Authorizer")
                .hasMessageContaining("route GET /v1/leads/{leadId} uses authorizer 'LeadsLambdaAuthorizer'");
    }

    @Test
    void start_shouldRefuseTheDefaultAuthorizer_whenTheHttpApiSetsOne() {
        String template = template("      Auth:\n        EnableIamAuthorizer: true\n        DefaultAuthorizer: AWS_IAM\n", "");

        assertThatThrownBy(() -> RefusedStart.start(dir, template)).isInstanceOf(TemplateRefusal.class)
                .hasMessageContaining("Resources.Api.Properties.Auth.DefaultAuthorizer: 'AWS_IAM': a default authorizer");
    }

    @Test
    void start_shouldRefuseLikeTheSamTransform_whenAnAwsIamRouteLacksEnableIamAuthorizer() {
        String template = template("", "            Auth:\n              Authorizer: AWS_IAM\n");

        assertThatThrownBy(() -> RefusedStart.start(dir, template)).isInstanceOf(TemplateRefusal.class)
                .hasMessageContaining("Resources.Leads.Properties.Events.GetLead.Properties.Auth.Authorizer")
                .hasMessageContaining("does not set Auth.EnableIamAuthorizer: true");
    }

    @Test
    void start_shouldRefuseAuthorizationScopes_whenAnAwsIamRouteSetsThem() {
        String template = template("      Auth:\n        EnableIamAuthorizer: true\n",
                "            Auth:\n              Authorizer: AWS_IAM\n              AuthorizationScopes: [leads/read]\n");

        assertThatThrownBy(() -> RefusedStart.start(dir, template)).isInstanceOf(TemplateRefusal.class)
                .hasMessageContaining("Resources.Leads.Properties.Events.GetLead.Properties.Auth.AuthorizationScopes");
    }

    @Test
    void start_shouldServeTheRoute_whenAwsIamIsEnabledOnTheImplicitApiThroughGlobals() throws Exception {
        String template = header() + "Globals:\n  HttpApi:\n    Auth:\n      EnableIamAuthorizer: true\n" + "Resources:\n"
                + function("", "            Auth:\n              Authorizer: AWS_IAM\n");
        Files.writeString(dir.resolve("template.yaml"), template);

        try (RunningTwin twin = LocalTwin.start(TwinOptions.of(dir.resolve("template.yaml")).withPort(0).withOutput(l -> { }))) {
            assertThat(twin.plan().httpApi().orElseThrow().routes()).singleElement()
                    .satisfies(route -> assertThat(route.iam()).isTrue());
        }
    }

    private static String template(String apiAuth, String eventAuth) {
        return header() + "Resources:\n  Api:\n    Type: AWS::Serverless::HttpApi\n    Properties:\n"
                + "      FailOnWarnings: true\n" + apiAuth + function("            ApiId: !Ref Api\n", eventAuth);
    }

    private static String function(String apiId, String eventAuth) {
        return "  Leads:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: java21\n      CodeUri: " + CODE + "\n"
                + "      Handler: io.mqlengine.local.handlers.IdentityEchoHandler::handleRequest\n"
                + "      Events:\n        GetLead:\n          Type: HttpApi\n          Properties:\n" + apiId
                + "            Path: /v1/leads/{leadId}\n            Method: GET\n" + eventAuth;
    }

    private static String header() {
        return "AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\n";
    }
}

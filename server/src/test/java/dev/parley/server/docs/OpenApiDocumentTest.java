package dev.parley.server.docs;

import dev.parley.server.support.Backend;
import dev.parley.server.support.ParleyClient;
import dev.parley.server.support.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document served at GET /openapi is YAML, is internally consistent, and describes the
 * server as it really is: every documented operation is routed (does not fall through to the catch-all
 * "No such endpoint" answer), every REST route of the server is documented, and what an
 * unauthenticated request really gets back is among the operation's documented answers.
 */
class OpenApiDocumentTest {
    private static final Set<String> HTTP_METHODS =
            Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

    /** Every route the server registers for the REST API and operations (AccountsHttpService, ...). */
    private static final Set<String> SERVER_ROUTES = Set.of(
            "POST /api/v1/accounts",
            "POST /api/v1/sessions",
            "DELETE /api/v1/sessions/current",
            "GET /api/v1/me",
            "PUT /api/v1/me/password",
            "POST /api/v1/me/invite",
            "GET /api/v1/devices",
            "DELETE /api/v1/devices/{deviceId}",
            "POST /api/v1/conversations/direct",
            "GET /api/v1/conversations",
            "GET /api/v1/conversations/{conversationId}",
            "GET /api/v1/conversations/{conversationId}/messages",
            "GET /api/v1/invites/{code}",
            "POST /api/v1/conversations/groups",
            "PATCH /api/v1/conversations/{conversationId}",
            "POST /api/v1/conversations/{conversationId}/members",
            "DELETE /api/v1/conversations/{conversationId}/members/{userId}",
            "PUT /api/v1/conversations/{conversationId}/members/{userId}/role",
            "POST /api/v1/conversations/{conversationId}/leave",
            "GET /api/v1/conversations/{conversationId}/people/{userId}",
            "PUT /api/v1/conversations/{conversationId}/avatar",
            "GET /api/v1/conversations/{conversationId}/avatar",
            "DELETE /api/v1/conversations/{conversationId}/avatar",
            "GET /api/v1/conversations/{conversationId}/invite",
            "POST /api/v1/conversations/{conversationId}/invite",
            "DELETE /api/v1/conversations/{conversationId}/invite",
            "GET /api/v1/group-invites/{code}",
            "POST /api/v1/group-invites/{code}/join",
            "GET /api/v1/conversations/{conversationId}/join-requests",
            "POST /api/v1/conversations/{conversationId}/join-requests/{userId}/approve",
            "DELETE /api/v1/conversations/{conversationId}/join-requests/{userId}",
            "GET /api/v1/conversations/{conversationId}/messages/{seq}/info",
            "GET /openapi",
            "GET /observe/health",
            "GET /observe/metrics");

    private ParleyClient client;

    @BeforeEach
    void server() {
        client = TestServer.shared(Backend.H2).client();
    }

    @Test
    void servedAsParseableOpenApi31Yaml() {
        ParleyClient.Response response = client.get("/openapi", null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type.toLowerCase(Locale.ROOT)).startsWith("application/yaml"));
        Map<String, Object> document = parse(response.body());
        assertThat(document.get("openapi")).asString().startsWith("3.1.");
        assertThat(map(document, "info")).containsKeys("title", "version");
        assertThat(map(map(map(document, "components"), "securitySchemes"), "bearerAuth"))
                .containsEntry("type", "http")
                .containsEntry("scheme", "bearer");
        assertThat(operations(document)).isNotEmpty();
    }

    @Test
    void everyServerRouteIsDocumented() {
        Set<String> documented = new TreeSet<>();
        for (Operation operation : operations(fetch())) {
            documented.add(operation.method().toUpperCase(Locale.ROOT) + " " + operation.path());
        }
        assertThat(documented).containsAll(SERVER_ROUTES);
    }

    @Test
    void theCatchAllAnswerIsRecognised() {
        // Guards the check below: if it could not recognise the catch-all, nothing would ever fail.
        assertThat(isCatchAll(client.get("/api/v1/no-such-endpoint-" + UUID.randomUUID(), null))).isTrue();
        assertThat(isCatchAll(client.request("PATCH", "/api/v1/me", null, null))).isTrue();
        assertThat(isCatchAll(client.get("/openapi", null))).isFalse();
    }

    @Test
    void everyDocumentedOperationIsRoutedAndAnswersAsDocumented() {
        Map<String, Object> document = fetch();
        List<Operation> operations = operations(document);
        assertThat(operations).hasSizeGreaterThanOrEqualTo(SERVER_ROUTES.size());
        List<String> problems = new ArrayList<>();
        for (Operation operation : operations) {
            String path = withRandomIds(operation.path());
            // No token and no body: nothing is changed, and every route can still be told apart from the catch-all.
            ParleyClient.Response response =
                    client.request(operation.method().toUpperCase(Locale.ROOT), path, null, null);
            String name = operation.method().toUpperCase(Locale.ROOT) + " " + operation.path();
            if (isCatchAll(response)) {
                problems.add(name + " is not routed by the server: " + response.body());
                continue;
            }
            Set<String> documentedStatuses = operation.responses().keySet();
            if (!documentedStatuses.contains(Integer.toString(response.status()))) {
                problems.add(name + " answered " + response.status() + ", which is not among its documented "
                        + documentedStatuses + ": " + response.body());
            }
            boolean secured = operation.secured(document);
            if (secured && response.status() != 401) {
                problems.add(name + " is documented as needing a bearer token but answered "
                        + response.status() + " without one");
            }
            if (!secured && response.status() == 401) {
                problems.add(name + " is documented as open but answered 401 without a token");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyReferenceResolvesWithinTheDocument() {
        Map<String, Object> document = fetch();
        List<String> refs = new ArrayList<>();
        collectRefs(document, refs);
        assertThat(refs).isNotEmpty();
        List<String> dangling = refs.stream().filter(ref -> resolve(document, ref) == null).distinct().toList();
        assertThat(dangling).isEmpty();
    }

    private record Operation(String path, String method, Map<String, Object> body) {
        Map<String, Object> responses() {
            Map<String, Object> responses = new LinkedHashMap<>();
            map(body, "responses").forEach((status, value) -> responses.put(String.valueOf(status), value));
            return responses;
        }

        /** Operation-level security wins over the document's; an empty list means no token is needed. */
        boolean secured(Map<String, Object> document) {
            Object security = body.containsKey("security") ? body.get("security") : document.get("security");
            return security instanceof List<?> list && !list.isEmpty();
        }
    }

    private Map<String, Object> fetch() {
        ParleyClient.Response response = client.get("/openapi", null);
        assertThat(response.status()).isEqualTo(200);
        return parse(response.body());
    }

    private static Map<String, Object> parse(String yaml) {
        Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        assertThat(loaded).as("the document's root").isInstanceOf(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> document = (Map<String, Object>) loaded;
        return document;
    }

    private static List<Operation> operations(Map<String, Object> document) {
        List<Operation> operations = new ArrayList<>();
        map(document, "paths").forEach((path, item) -> {
            assertThat(item).as("path item " + path).isInstanceOf(Map.class);
            ((Map<?, ?>) item).forEach((key, value) -> {
                String method = String.valueOf(key).toLowerCase(Locale.ROOT);
                if (HTTP_METHODS.contains(method)) {
                    assertThat(value).as(method + " " + path).isInstanceOf(Map.class);
                    @SuppressWarnings("unchecked")
                    Map<String, Object> body = (Map<String, Object>) value;
                    assertThat(body).as(method + " " + path + " has responses").containsKey("responses");
                    operations.add(new Operation(String.valueOf(path), method, body));
                }
            });
        });
        return operations;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<?, ?> parent, String key) {
        Object value = parent.get(key);
        assertThat(value).as(key).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    /** The server's own 404 for a request no route took. */
    private static boolean isCatchAll(ParleyClient.Response response) {
        if (response.status() != 404 || response.body() == null || response.body().isBlank()) {
            return false;
        }
        String message = response.errorMessage();
        return "not_found".equals(response.errorCode()) && message != null && message.startsWith("No such endpoint");
    }

    private static String withRandomIds(String path) {
        return path.replaceAll("\\{[^}/]+}", UUID.randomUUID().toString());
    }

    private static void collectRefs(Object node, List<String> refs) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                if ("$ref".equals(key)) {
                    refs.add(String.valueOf(value));
                } else {
                    collectRefs(value, refs);
                }
            });
        } else if (node instanceof List<?> list) {
            list.forEach(item -> collectRefs(item, refs));
        }
    }

    /** Resolves a local JSON pointer reference ("#/components/schemas/X"); null when it names nothing. */
    private static Object resolve(Map<String, Object> document, String ref) {
        if (!ref.startsWith("#/")) {
            return null;
        }
        Object node = document;
        for (String token : ref.substring(2).split("/")) {
            String key = token.replace("~1", "/").replace("~0", "~");
            if (!(node instanceof Map<?, ?> map) || !map.containsKey(key)) {
                return null;
            }
            node = map.get(key);
        }
        return node;
    }
}

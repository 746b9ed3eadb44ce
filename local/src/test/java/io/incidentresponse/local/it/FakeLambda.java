package io.incidentresponse.local.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.incidentresponse.local.replay.Replay;
import io.incidentresponse.shared.event.EventJson;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lambda's Invoke API for the functions named, on a loopback port: what the redrive's real
 * LambdaClient calls (POST /2015-03-31/functions/{name}/invocations). Each invocation is recorded
 * and its event run through the real handler in this process (the one template.yaml wires to it,
 * over the test's engines and emulator) before the answer, so that a test sees its effect when
 * the Invoke returns: 202 for InvocationType Event, as Lambda answers once it has queued the event.
 * A function not named answers 404 ResourceNotFoundException, as Lambda does.
 */
final class FakeLambda implements AutoCloseable {
    private static final Pattern ARN = Pattern.compile("^(arn:aws[a-z-]*:lambda:[a-z0-9-]+:)?\\d{12}:function:");
    private static final Pattern INVOKE = Pattern.compile("^/2015-03-31/functions/([^/]+)/invocations$");

    /** One Invoke: the function as named in the call, its invocation type, its payload and what the handler made of it. */
    record Invocation(String functionName, String invocationType, JsonNode payload, Replay.Result result) {
    }

    private final HttpServer server;
    private final Set<String> functions;
    private final Replay replay;
    private final List<Invocation> invocations = new ArrayList<>();

    FakeLambda(Set<String> functions, Replay replay) throws IOException {
        this.functions = Set.copyOf(functions);
        this.replay = replay;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    synchronized List<Invocation> invocations() {
        return List.copyOf(invocations);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Matcher invoke = INVOKE.matcher(exchange.getRequestURI().getRawPath());
            if (!exchange.getRequestMethod().equals("POST") || !invoke.matches()) {
                answer(exchange, 400, "InvalidRequestContentException", "not an Invoke: " + exchange.getRequestURI());
                return;
            }
            String name = URLDecoder.decode(invoke.group(1), StandardCharsets.UTF_8);
            if (!functions.contains(bareName(name))) {
                answer(exchange, 404, "ResourceNotFoundException", "Function not found: " + name);
                return;
            }
            String type = exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type");
            Replay.Result result;
            PrintStream original = System.out;
            System.setOut(new PrintStream(OutputStream.nullOutputStream()));
            try {
                result = replay.replay("invoke " + name, body);
            } finally {
                System.setOut(original);
            }
            synchronized (this) {
                invocations.add(new Invocation(name, type, EventJson.MAPPER.readTree(body), result));
            }
            exchange.getResponseHeaders().add("x-amzn-RequestId", "fake-" + invocations.size());
            exchange.sendResponseHeaders("Event".equals(type) ? 202 : 200, -1);
        }
    }

    /** What Lambda takes as FunctionName: a name, name:qualifier, or a (partial) ARN with or without a qualifier. */
    static String bareName(String functionName) {
        Matcher arn = ARN.matcher(functionName);
        String name = arn.find() ? functionName.substring(arn.end()) : functionName;
        return name.contains(":") ? name.substring(0, name.indexOf(':')) : name;
    }

    private static void answer(HttpExchange exchange, int status, String type, String message) throws IOException {
        byte[] json = EventJson.MAPPER.writeValueAsBytes(Map.of("Type", "User", "message", message));
        exchange.getResponseHeaders().add("x-amzn-ErrorType", type);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, json.length);
        exchange.getResponseBody().write(json);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

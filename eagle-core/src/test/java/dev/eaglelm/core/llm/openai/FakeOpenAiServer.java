package dev.eaglelm.core.llm.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenAI-compatible chat-completions server on 127.0.0.1 for tests, scripted request by request: each
 * incoming request takes the next scripted behaviour, or answers normally when the script is empty. A normal
 * answer echoes the last user message as {@code "answer to: <message>"}.
 */
final class FakeOpenAiServer implements AutoCloseable {

    /** What the server does with one request. */
    sealed interface Behaviour permits Ok, Status, Slow, Malformed, Missing, Drop {
    }

    record Ok(String text) implements Behaviour {
    }

    record Status(int code, String retryAfter, String body) implements Behaviour {
    }

    record Slow(long millis) implements Behaviour {
    }

    record Malformed() implements Behaviour {
    }

    record Missing() implements Behaviour {
    }

    record Drop() implements Behaviour {
    }

    record Received(JsonNode body, String authorization, String path) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    final Queue<Behaviour> script = new ConcurrentLinkedQueue<>();
    final List<Received> received = new CopyOnWriteArrayList<>();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    volatile long normalDelayMillis;
    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(24);

    FakeOpenAiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(pool);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    FakeOpenAiServer then(Behaviour... behaviours) {
        script.addAll(List.of(behaviours));
        return this;
    }

    int requests() {
        return received.size();
    }

    private void handle(HttpExchange ex) throws IOException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        // A request stops counting as in flight just before its answer is written: once the client has the
        // answer it may send the next request, possibly before this handler's finally block has run.
        AtomicBoolean counted = new AtomicBoolean(true);
        Runnable answering = () -> {
            if (counted.getAndSet(false)) {
                inFlight.decrementAndGet();
            }
        };
        try {
            byte[] raw = ex.getRequestBody().readAllBytes();
            JsonNode body = JSON.readTree(raw);
            received.add(new Received(body, ex.getRequestHeaders().getFirst("Authorization"),
                    ex.getRequestURI().getPath()));
            Behaviour b = script.poll();
            if (b == null) {
                b = new Ok(null);
            }
            if (b instanceof Slow s) {
                sleep(s.millis());
                b = new Ok(null);
            }
            if (b instanceof Ok ok) {
                if (normalDelayMillis > 0) {
                    sleep(normalDelayMillis);
                }
                JsonNode msgs = body.path("messages");
                String last = msgs.path(msgs.size() - 1).path("content").asText();
                String text = ok.text() != null ? ok.text() : "answer to: " + last;
                String json = "{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":"
                        + "{\"role\":\"assistant\",\"content\":" + JSON.writeValueAsString(text) + "},"
                        + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5,"
                        + "\"total_tokens\":15}}";
                answering.run();
                send(ex, 200, json, null);
            } else if (b instanceof Status st) {
                answering.run();
                send(ex, st.code(), st.body() == null ? "{\"error\":{\"message\":\"scripted " + st.code() + "\"}}"
                        : st.body(), st.retryAfter());
            } else if (b instanceof Malformed) {
                answering.run();
                send(ex, 200, "{\"choices\": [ {\"message\": ", null);
            } else if (b instanceof Missing) {
                answering.run();
                send(ex, 200, "{\"id\":\"x\",\"choices\":[{\"index\":0,\"finish_reason\":\"stop\"}]}", null);
            } else if (b instanceof Drop) {
                // promise a long body, send a few bytes, and hang up: the client sees the connection drop
                ex.getResponseHeaders().add("Content-Type", "application/json");
                answering.run();
                ex.sendResponseHeaders(200, 1000);
                OutputStream out = ex.getResponseBody();
                out.write("{\"choi".getBytes(StandardCharsets.UTF_8));
                out.flush();
                ex.getHttpContext().getServer(); // keep the exchange referenced
                ex.close();
            }
        } finally {
            answering.run();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(HttpExchange ex, int code, String body, String retryAfter) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        if (retryAfter != null) {
            ex.getResponseHeaders().add("Retry-After", retryAfter);
        }
        ex.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}

package dev.eaglelm.examples.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback OpenAI-compatible stub for measuring client overhead: {@code POST /v1/chat/completions} answers
 * after an optional fixed delay with {@code max_tokens} words and {@code usage.completion_tokens =
 * max_tokens}; {@code GET /health} answers 200. It generates nothing: numbers measured against it are the
 * client's overhead, not an LLM's speed.
 */
public final class StubChatServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(16, r -> {
        Thread t = new Thread(r, "eagle-stub-server");
        t.setDaemon(true);
        return t;
    });
    private final long delayMillis;

    /**
     * Starts the stub on a free loopback port.
     *
     * @param delayMillis how long each completion takes, &ge; 0
     * @throws IOException if no port can be bound
     */
    public StubChatServer(long delayMillis) throws IOException {
        if (delayMillis < 0) {
            throw new IllegalArgumentException("stub delay must be >= 0 ms, got " + delayMillis);
        }
        this.delayMillis = delayMillis;
        // the JDK server writes headers and body separately: without TCP_NODELAY, Nagle's algorithm and delayed
        // ACKs add ~40 ms to every response on Linux (read once, when the JDK's server first initialises)
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        server.createContext("/health", ex -> send(ex, 200, "{\"status\":\"ok\"}"));
        server.createContext("/v1/chat/completions", this::complete);
        server.setExecutor(pool);
        server.start();
    }

    /**
     * Returns the base URL, e.g. {@code http://127.0.0.1:41234/v1}.
     *
     * @return the URL
     */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    private void complete(HttpExchange ex) throws IOException {
        int maxTokens = JSON.readTree(ex.getRequestBody().readAllBytes()).path("max_tokens").asInt(16);
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String text = "word ".repeat(Math.max(1, maxTokens)).strip();
        send(ex, 200, "{\"id\":\"stub\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":"
                + "{\"role\":\"assistant\",\"content\":\"" + text + "\"},\"finish_reason\":\"length\"}],\"usage\":"
                + "{\"prompt_tokens\":30,\"completion_tokens\":" + maxTokens + ",\"total_tokens\":" + (30 + maxTokens)
                + "}}");
    }

    private static void send(HttpExchange ex, int code, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Stops the stub. */
    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}

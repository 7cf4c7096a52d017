package dev.eaglelm.examples.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback OpenAI-compatible stub for measuring client overhead, and a stand-in for llama.cpp's
 * {@code llama-server} in demos and tests ({@link #main} takes llama-server's flags). {@code POST
 * /v1/chat/completions} answers after an optional fixed delay with a fixed list of ten edits (one per line) and
 * claims {@code usage.completion_tokens = max_tokens}; {@code GET /health} answers 200. It generates nothing:
 * numbers measured against it are the client's overhead, not an LLM's speed.
 */
public final class StubChatServer implements AutoCloseable {

    private static final Pattern MAX_TOKENS = Pattern.compile("\"max_tokens\"\\s*:\\s*(\\d+)");
    private static final String TEXT = String.join("\\n", "- Make the hero a retired pirate.",
            "- Set the story in a haunted lighthouse.", "- Add a rival who wants the same treasure.",
            "- Give the heroine a secret twin.", "- Turn the ending into a cliffhanger.",
            "- Replace the city with a floating island.", "- Introduce a talking cat as a guide.",
            "- Move the story to the year 2300.", "- Change the tone to dark comedy.",
            "- Remove the romance subplot.");

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
        this(delayMillis, 0);
    }

    /**
     * Starts the stub on a loopback port.
     *
     * @param delayMillis how long each completion takes, &ge; 0
     * @param port the port, or 0 for a free one
     * @throws IOException if the port cannot be bound
     */
    public StubChatServer(long delayMillis, int port) throws IOException {
        if (delayMillis < 0) {
            throw new IllegalArgumentException("stub delay must be >= 0 ms, got " + delayMillis);
        }
        this.delayMillis = delayMillis;
        // the JDK server writes headers and body separately: without TCP_NODELAY, Nagle's algorithm and delayed
        // ACKs add ~40 ms to every response on Linux (read once, when the JDK's server first initialises)
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
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
        Matcher m = MAX_TOKENS.matcher(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        int maxTokens = m.find() ? Integer.parseInt(m.group(1)) : 16;
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        send(ex, 200, "{\"id\":\"stub\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":"
                + "{\"role\":\"assistant\",\"content\":\"" + TEXT + "\"},\"finish_reason\":\"length\"}],\"usage\":"
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

    /**
     * Runs the stub as a stand-in {@code llama-server}: reads {@code --port P} (and {@code --delay-ms MS}), ignores
     * llama-server's other flags, and serves until the process is killed.
     *
     * @param args llama-server's command line
     * @throws Exception if the port cannot be bound
     */
    public static void main(String[] args) throws Exception {
        int port = 0;
        long delay = 0;
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--port")) {
                port = Integer.parseInt(args[i + 1]);
            } else if (args[i].equals("--delay-ms")) {
                delay = Long.parseLong(args[i + 1]);
            }
        }
        StubChatServer stub = new StubChatServer(delay, port);
        System.err.println("stub llama-server: serving " + stub.baseUrl() + " (no model: fixed answers)");
        Thread.currentThread().join();
    }

    /** Stops the stub. */
    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}

package dev.eaglelm.core.llm.llamaserver;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for llama.cpp's {@code llama-server} (none may be installed here), launched by test scripts as a
 * separate JVM. It takes llama-server's flags ({@code -m --host --port -t -np -c}), answers {@code /health}
 * with 503 for its first 200 ms ("loading model") and 200 after, and answers {@code /v1/chat/completions} with
 * {@code "stand-in t=T np=N c=C m=FILE: <last message>"}. Uses only the JDK (no Jackson: the script's class
 * path is just the test classes).
 */
public final class StandInLlamaServer {

    private static final Pattern LAST_CONTENT = Pattern.compile("\"content\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private StandInLlamaServer() {
    }

    /**
     * Runs the server until the process is killed.
     *
     * @param args llama-server's flags
     * @throws IOException if the port cannot be bound
     */
    public static void main(String[] args) throws IOException {
        Map<String, String> flags = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            flags.put(args[i], args[i + 1]);
        }
        int port = Integer.parseInt(flags.get("--port"));
        String tag = "stand-in t=" + flags.get("-t") + " np=" + flags.get("-np") + " c=" + flags.get("-c") + " m="
                + Path.of(flags.get("-m")).getFileName();
        long readyAt = System.nanoTime() + 200_000_000L;
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(flags.get("--host")), port),
                64);
        server.createContext("/health", ex -> {
            if (System.nanoTime() < readyAt) {
                send(ex, 503, "{\"error\":{\"code\":503,\"message\":\"Loading model\"}}");
            } else {
                send(ex, 200, "{\"status\":\"ok\"}");
            }
        });
        server.createContext("/v1/chat/completions", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Matcher m = LAST_CONTENT.matcher(body);
            String last = "";
            while (m.find()) {
                last = m.group(1);
            }
            String text = tag + ": " + last;
            send(ex, 200, "{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":"
                    + "{\"role\":\"assistant\",\"content\":\"" + text + "\"},\"finish_reason\":\"stop\"}],"
                    + "\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":5,\"total_tokens\":12}}");
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        System.err.println("stand-in llama-server: listening on 127.0.0.1:" + port);
    }

    private static void send(HttpExchange ex, int code, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}

package dev.eaglelm.core.llm.llamaserver;

import dev.eaglelm.core.llm.LanguageModelException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A child server process on a loopback port: started with its output drained (logged at debug, the last lines
 * kept for error messages), polled until its health URL answers 200, and destroyed with all its descendants on
 * {@link #close()} or, through a shutdown hook, when the JVM exits (Ctrl-C, {@code System.exit}).
 */
final class ServerProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServerProcess.class);
    static final int TAIL_LINES = 15;
    private static final Duration GRACE = Duration.ofSeconds(5);

    private final String name;
    private final Process process;
    private final Deque<String> tail = new ArrayDeque<>();
    private final Thread drain;
    private final Thread hook;
    private volatile boolean closed;

    private ServerProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.drain = new Thread(this::drainOutput, "eagle-" + name + "-output-" + process.pid());
        this.drain.setDaemon(true);
        this.drain.start();
        this.hook = new Thread(this::destroyTree, "eagle-" + name + "-shutdown-" + process.pid());
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Starts a command with stdout and stderr merged and drained.
     *
     * @param name a short name for messages and thread names, e.g. {@code "llama-server"}
     * @param command the command line
     * @return the running process
     * @throws LanguageModelException if the process cannot be started
     */
    static ServerProcess start(String name, List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        try {
            LOG.debug("starting {}: {}", name, String.join(" ", command));
            Process p = pb.start();
            p.getOutputStream().close(); // the server reads nothing from stdin
            return new ServerProcess(name, p);
        } catch (IOException e) {
            throw new LanguageModelException(name + ": cannot start " + command.get(0) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Returns a TCP port on the loopback interface that was free a moment ago.
     *
     * @return the port
     * @throws LanguageModelException if no port can be bound
     */
    static int freeLoopbackPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new LanguageModelException("cannot find a free loopback port: " + e.getMessage(), e);
        }
    }

    private void drainOutput() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                LOG.debug("[{} {}] {}", name, process.pid(), line);
                synchronized (tail) {
                    if (tail.size() == TAIL_LINES) {
                        tail.removeFirst();
                    }
                    tail.addLast(line);
                }
            }
        } catch (IOException e) {
            LOG.debug("{}: output stream closed: {}", name, e.getMessage());
        }
    }

    /**
     * Returns the process id.
     *
     * @return the pid
     */
    long pid() {
        return process.pid();
    }

    /**
     * Returns whether the process is running.
     *
     * @return true while it runs
     */
    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Returns the exit code, waiting up to a second for the output to be drained.
     *
     * @return the exit code, or -1 if still running
     */
    int exitCodeAfterDrain() {
        if (process.isAlive()) {
            return -1;
        }
        try {
            drain.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return process.exitValue();
    }

    /**
     * Returns the last output lines joined with {@code " | "}, or {@code "(no output)"}.
     *
     * @return the tail of stdout and stderr
     */
    String lastOutput() {
        synchronized (tail) {
            if (tail.isEmpty()) {
                return "(no output)";
            }
            return String.join(" | ", new ArrayList<>(tail));
        }
    }

    /**
     * Polls {@code health} until it answers 200. On failure the process is destroyed.
     *
     * @param health the health URL
     * @param timeout how long to wait in all
     * @throws LanguageModelException if the process exits first (the message has its exit code and last
     *     output lines) or the timeout passes (the message has the last status and output lines)
     */
    void awaitHealthy(URI health, Duration timeout) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest get = HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).GET().build();
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer yet";
        long sleep = 20;
        while (true) {
            if (!process.isAlive()) {
                int code = exitCodeAfterDrain();
                throw new LanguageModelException(name + " exited with code " + code + " before it became healthy;"
                        + " its last output: " + lastOutput(), null);
            }
            try {
                HttpResponse<Void> r = http.send(get, HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
                last = "HTTP " + r.statusCode();
            } catch (IOException e) {
                last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new LanguageModelException(name + ": interrupted while waiting for " + health, e);
            }
            if (System.nanoTime() > deadline) {
                close();
                throw new LanguageModelException(name + " did not become healthy within " + seconds(timeout)
                        + " s (GET " + health + ": " + last + "; raise startTimeout=S in the spec if the model is"
                        + " large); its last output: " + lastOutput(), null);
            }
            try {
                Thread.sleep(sleep);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new LanguageModelException(name + ": interrupted while waiting for " + health, e);
            }
            sleep = Math.min(200, sleep * 2);
        }
    }

    private static String seconds(Duration d) {
        double s = d.toMillis() / 1000.0;
        return s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s);
    }

    /** Destroys the process and its descendants: politely first, forcibly after a grace period. */
    private void destroyTree() {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList()); // before the parent dies
        all.add(0, process.toHandle());
        for (ProcessHandle p : all) {
            p.destroy();
        }
        long deadline = System.nanoTime() + GRACE.toNanos();
        for (ProcessHandle p : all) {
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) {
                    p.onExit().get(left, TimeUnit.NANOSECONDS);
                }
            } catch (Exception e) {
                // still running (or interrupted): forced below
            }
            if (p.isAlive()) {
                LOG.debug("{}: process {} ignored SIGTERM; killing it", name, p.pid());
                p.destroyForcibly();
            }
        }
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("{}: process {} is still running after a forced kill", name, p.pid());
            }
        }
    }

    /** Stops the process and its descendants (idempotent) and removes the shutdown hook. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs (or ran) anyway
        }
        destroyTree();
        LOG.debug("{} (pid {}) stopped", name, process.pid());
    }
}

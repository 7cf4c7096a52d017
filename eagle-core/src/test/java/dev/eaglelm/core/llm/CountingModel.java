package dev.eaglelm.core.llm;

import dev.eaglelm.core.ChatMessage;
import dev.eaglelm.core.Completion;
import dev.eaglelm.core.CompletionRequest;
import dev.eaglelm.core.LanguageModel;
import dev.eaglelm.core.TokenUsage;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** A fake backend that echoes the last message, counts calls and tracks how many run at once. */
public final class CountingModel implements LanguageModel {

    public final AtomicInteger calls = new AtomicInteger();
    public final AtomicInteger inFlight = new AtomicInteger();
    public final AtomicInteger maxInFlight = new AtomicInteger();
    private final String id;
    private final long delayMillis;

    public CountingModel(String id, long delayMillis) {
        this.id = id;
        this.delayMillis = delayMillis;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Completion complete(CompletionRequest request) {
        calls.incrementAndGet();
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            if (delayMillis > 0) {
                Thread.sleep(delayMillis);
            }
            ChatMessage last = request.messages().get(request.messages().size() - 1);
            if (last.content().contains("FAIL")) {
                throw new LanguageModelException("fake backend " + id + ": scripted failure", null);
            }
            return new Completion("echo " + last.content() + " t=" + request.temperature(), Completion.FinishReason.STOP,
                    new TokenUsage(3, 2), Duration.ofMillis(delayMillis + 1), id);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LanguageModelException("interrupted", e);
        } finally {
            inFlight.decrementAndGet();
        }
    }
}

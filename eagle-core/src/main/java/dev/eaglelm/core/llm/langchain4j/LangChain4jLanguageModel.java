package dev.eaglelm.core.llm.langchain4j;

import dev.eaglelm.core.Completion;
import dev.eaglelm.core.CompletionRequest;
import dev.eaglelm.core.LanguageModel;
import dev.eaglelm.core.TokenUsage;
import dev.eaglelm.core.llm.LanguageModelException;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Adapts any LangChain4j {@link ChatModel} (OpenAI, Anthropic, Gemini, Ollama, Azure, Bedrock, ... whatever
 * LangChain4j supports) to eaglelm's {@link LanguageModel}. LangChain4j ({@code dev.langchain4j:langchain4j-core}
 * plus the provider module) is an optional dependency: add it to use this class.
 *
 * <pre>{@code
 * ChatModel chat = OpenAiChatModel.builder().apiKey(System.getenv("OPENAI_API_KEY")).modelName("gpt-4o-mini").build();
 * LanguageModel llm = new LangChain4jLanguageModel("gpt-4o-mini", chat);
 * // or, for spec strings: LangChain4jLanguageModel.register("gpt4o", chat); then "langchain4j:gpt4o"
 * }</pre>
 *
 * <p>Messages, temperature, top-p, max tokens, stop sequences and the JSON hint are passed on; the seed is
 * not (LangChain4j has no portable seed parameter). Token usage is the model's report, or
 * {@link TokenUsage#NONE} when it gives none. Failures become {@link LanguageModelException}s naming the
 * backend; retries are the LangChain4j model's own.
 */
public final class LangChain4jLanguageModel implements LanguageModel {

    private static final Map<String, ChatModel> BEANS = new ConcurrentHashMap<>();

    private final String name;
    private final ChatModel model;

    /**
     * Wraps a chat model.
     *
     * @param name a name for the id, e.g. the model name or the bean name (never a secret)
     * @param model the LangChain4j chat model
     * @throws IllegalArgumentException if the name is blank
     */
    public LangChain4jLanguageModel(String name, ChatModel model) {
        this.name = Objects.requireNonNull(name, "name");
        this.model = Objects.requireNonNull(model, "model");
        if (name.isBlank()) {
            throw new IllegalArgumentException("langchain4j backend: blank name");
        }
    }

    /**
     * Registers a chat model under a name, so that the spec {@code langchain4j:<name>} finds it (the "bean"
     * form, e.g. from a dependency-injection container).
     *
     * @param name the name
     * @param model the chat model
     */
    public static void register(String name, ChatModel model) {
        BEANS.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(model, "model"));
    }

    /**
     * Removes a registered chat model.
     *
     * @param name the name
     */
    public static void unregister(String name) {
        BEANS.remove(name);
    }

    static Optional<ChatModel> registered(String name) {
        return Optional.ofNullable(BEANS.get(name));
    }

    /** Wraps an object known to be a ChatModel; keeps LangChain4j types out of the provider's signatures. */
    static LanguageModel wrap(String name, Object chatModel) {
        return new LangChain4jLanguageModel(name, (ChatModel) chatModel);
    }

    /** Returns {@code "langchain4j:" + name}. */
    @Override
    public String id() {
        return "langchain4j:" + name;
    }

    @Override
    public Completion complete(CompletionRequest request) {
        List<dev.langchain4j.data.message.ChatMessage> messages = new ArrayList<>();
        for (dev.eaglelm.core.ChatMessage m : request.messages()) {
            messages.add(switch (m.role()) {
                case SYSTEM -> SystemMessage.from(m.content());
                case USER -> UserMessage.from(m.content());
                case ASSISTANT -> AiMessage.from(m.content());
            });
        }
        ChatRequest.Builder b = ChatRequest.builder().messages(messages)
                .temperature(request.temperature())
                .topP(request.topP())
                .maxOutputTokens(request.maxTokens());
        if (!request.stop().isEmpty()) {
            b.stopSequences(request.stop());
        }
        if (request.format() == CompletionRequest.Format.JSON) {
            b.responseFormat(ResponseFormat.JSON);
        }
        long t0 = System.nanoTime();
        ChatResponse r;
        try {
            r = model.chat(b.build());
        } catch (RuntimeException e) {
            throw new LanguageModelException(id() + ": " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
        Duration latency = Duration.ofNanos(System.nanoTime() - t0);
        if (r == null || r.aiMessage() == null || r.aiMessage().text() == null) {
            throw new LanguageModelException(id() + ": the chat model returned no text", null);
        }
        Completion.FinishReason finish = r.finishReason() == null ? Completion.FinishReason.STOP
                : switch (r.finishReason()) {
                    case STOP -> Completion.FinishReason.STOP;
                    case LENGTH -> Completion.FinishReason.LENGTH;
                    default -> Completion.FinishReason.OTHER;
                };
        TokenUsage usage = TokenUsage.NONE;
        if (r.tokenUsage() != null) {
            Integer in = r.tokenUsage().inputTokenCount();
            Integer out = r.tokenUsage().outputTokenCount();
            usage = new TokenUsage(in == null ? 0 : in, out == null ? 0 : out);
        }
        return new Completion(r.aiMessage().text(), finish, usage, latency, id());
    }

    @Override
    public String toString() {
        return "LangChain4jLanguageModel[" + id() + ", " + model.getClass().getName() + "]";
    }
}

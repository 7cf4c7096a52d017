package dev.eaglelm.core.llm.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eaglelm.core.Completion;
import dev.eaglelm.core.CompletionRequest;
import dev.eaglelm.core.LanguageModel;
import dev.eaglelm.core.TokenUsage;
import dev.eaglelm.core.llm.LanguageModelException;
import dev.eaglelm.core.llm.LanguageModels;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class LangChain4jLanguageModelTest {

    /** A LangChain4j chat model that answers with the reversed user message and records the request. */
    public static final class ReversingChatModel implements ChatModel {
        static final AtomicReference<ChatRequest> LAST = new AtomicReference<>();

        public ReversingChatModel() {
        }

        @Override
        public ChatResponse doChat(ChatRequest request) {
            LAST.set(request);
            String user = ((UserMessage) request.messages().get(request.messages().size() - 1)).singleText();
            if (user.equals("boom")) {
                throw new IllegalStateException("provider exploded");
            }
            return ChatResponse.builder().aiMessage(AiMessage.from(new StringBuilder(user).reverse().toString()))
                    .finishReason(user.length() > 5 ? FinishReason.LENGTH : FinishReason.STOP)
                    .tokenUsage(new dev.langchain4j.model.output.TokenUsage(7, 3)).build();
        }
    }

    /** A supplier of chat models, the form that reads configuration. */
    public static final class ReversingSupplier implements Supplier<ChatModel> {
        public ReversingSupplier() {
        }

        @Override
        public ChatModel get() {
            return new ReversingChatModel();
        }
    }

    @Test
    void requestsAndResponsesAreTranslated() {
        LanguageModel llm = new LangChain4jLanguageModel("rev", new ReversingChatModel());
        Completion c = llm.complete(CompletionRequest.builder().system("sys").user("abc").temperature(0.2).topP(0.8)
                .maxTokens(9).stop("END").format(CompletionRequest.Format.JSON).build());
        assertEquals("cba", c.text());
        assertEquals(Completion.FinishReason.STOP, c.finishReason());
        assertEquals(new TokenUsage(7, 3), c.usage());
        assertEquals("langchain4j:rev", c.backend());
        ChatRequest r = ReversingChatModel.LAST.get();
        assertEquals(SystemMessage.from("sys"), r.messages().get(0));
        assertEquals(0.2, r.parameters().temperature(), 1e-12);
        assertEquals(0.8, r.parameters().topP(), 1e-12);
        assertEquals(9, r.parameters().maxOutputTokens());
        assertEquals(List.of("END"), r.parameters().stopSequences());
        assertEquals(ResponseFormat.JSON, r.parameters().responseFormat());
        assertEquals(Completion.FinishReason.LENGTH, llm.complete(CompletionRequest.builder().user("abcdefg").build())
                .finishReason());
        LanguageModelException e = assertThrows(LanguageModelException.class,
                () -> llm.complete(CompletionRequest.builder().user("boom").build()));
        assertTrue(e.getMessage().contains("langchain4j:rev") && e.getMessage().contains("provider exploded"),
                e.getMessage());
    }

    @Test
    void specsFindRegisteredBeansClassesAndSuppliers() {
        LangChain4jLanguageModel.register("my-bean", new ReversingChatModel());
        try (LanguageModel bean = LanguageModels.open("langchain4j:my-bean")) {
            assertEquals("langchain4j:my-bean", bean.id());
            assertEquals("olleh", bean.complete(CompletionRequest.builder().user("hello").build()).text());
        } finally {
            LangChain4jLanguageModel.unregister("my-bean");
        }
        try (LanguageModel byClass = LanguageModels.open("langchain4j:" + ReversingChatModel.class.getName());
                LanguageModel bySupplier = LanguageModels.open("langchain4j:" + ReversingSupplier.class.getName())) {
            assertEquals("yx", byClass.complete(CompletionRequest.builder().user("xy").build()).text());
            assertEquals("yx", bySupplier.complete(CompletionRequest.builder().user("xy").build()).text());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LanguageModels.open("langchain4j:no.such.Model"));
        assertTrue(e.getMessage().contains("no chat model is registered as 'no.such.Model'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LanguageModels.open("langchain4j:java.lang.Object"));
        assertTrue(e.getMessage().contains("neither a LangChain4j ChatModel"), e.getMessage());
    }
}

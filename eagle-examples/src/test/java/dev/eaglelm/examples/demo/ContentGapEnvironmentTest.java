package dev.eaglelm.examples.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eaglelm.core.Action;
import dev.eaglelm.core.Completion;
import dev.eaglelm.core.CompletionRequest;
import dev.eaglelm.core.EmbeddingMap;
import dev.eaglelm.core.EpisodeFailedException;
import dev.eaglelm.core.LanguageModel;
import dev.eaglelm.core.TokenUsage;
import dev.eaglelm.core.Transition;
import dev.eaglelm.core.llm.LanguageModelException;
import dev.eaglelm.core.text.ActionGenerator;
import dev.eaglelm.core.text.TextEnvironment;
import dev.eaglelm.core.text.TextState;
import dev.eaglelm.embeddings.utility.ContentGapUtility;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The demo's environment with a weak environment LLM: when the model answers nothing usable, the transfer
 * evaluation keeps the description (and counts it) instead of failing the episode; the training environment
 * (no tolerance) and real failures still fail.
 */
class ContentGapEnvironmentTest {

    static final String ANCHOR = "A retired violinist returns to her home town. Her sister runs the failing hotel.";
    static final String PROFILE = "User 7. Favourite genres: Crime, Thriller.";

    /** A 4-d text embedding: relative frequencies of a, e, i and o. */
    static final EmbeddingMap<String> VOWELS = new EmbeddingMap<>() {
        @Override
        public int dimension() {
            return 4;
        }

        @Override
        public String id() {
            return "vowels";
        }

        @Override
        public INDArray embedAll(List<? extends String> items) {
            double[][] rows = new double[items.size()][4];
            for (int r = 0; r < items.size(); r++) {
                String t = items.get(r).toLowerCase(Locale.ROOT);
                for (char ch : t.toCharArray()) {
                    int j = "aeio".indexOf(ch);
                    if (j >= 0) {
                        rows[r][j] += 1.0 / Math.max(1, t.length());
                    }
                }
            }
            return Nd4j.create(rows).castTo(DataType.FLOAT);
        }
    };

    /** A model that answers every request with the same text (null: fails like an unreachable server). */
    static final class Scripted implements LanguageModel {
        final String answer;
        final AtomicInteger calls = new AtomicInteger();

        Scripted(String answer) {
            this.answer = answer;
        }

        @Override
        public String id() {
            return "scripted:weak";
        }

        @Override
        public Completion complete(CompletionRequest request) {
            calls.incrementAndGet();
            if (answer == null) {
                throw new LanguageModelException("scripted:weak: HTTP 503 after 4 attempts", 503, 4, true, null);
            }
            return new Completion(answer, Completion.FinishReason.STOP, TokenUsage.NONE, Duration.ZERO, id());
        }
    }

    /** The action writer: three edits, one per line. */
    static final Scripted ACTIONS = new Scripted("1. Add a daring bank heist to the story.\n"
            + "2. Make the tone much darker and grim.\n3. Move the whole setting to outer space.");

    static UserGap gap() {
        INDArray existing = Nd4j.create(new double[][] {{0.1, 0.05, 0.02, 0.01}, {0.02, 0.1, 0.05, 0.02},
            {0.05, 0.05, 0.05, 0.05}});
        double[] user = {1.0, -0.5, 0.25, 2.0};
        return new UserGap("7", user, new ContentGapUtility(user, existing, ContentGapUtility.Config.of(0.1)),
                PROFILE, "m1", "Violin", ANCHOR, 0.0, 1.0);
    }

    static ContentGapEnvironment env(LanguageModel environmentLlm, LanguageModel actionLlm, boolean keep) {
        UserGap g = gap();
        TextEnvironment text = TextEnvironment.builder()
                .anchors(List.of(TextState.start(ANCHOR, PROFILE)))
                .environmentModel(environmentLlm)
                .actionGenerator(ActionGenerator.builder().model(actionLlm).genericPerCategory(1)
                        .personalisedPerCategory(0).build())
                .embedding(VOWELS).utility(g.utility()).horizon(2).emptyRetries(1).build();
        return new ContentGapEnvironment(text, Map.of(PROFILE, g), keep);
    }

    @Test
    void anEmptyAnswerKeepsTheTextWhenToleratedAndIsCounted() {
        Scripted weak = new Scripted("");
        ContentGapEnvironment env = env(weak, ACTIONS, true);
        TextState s0 = env.reset(3);
        Action a = env.actions(s0).get(0);
        Transition<TextState, Action> t1 = env.step(s0, a);
        assertEquals(ANCHOR, t1.next().description());
        assertEquals(1, t1.next().step());
        assertFalse(t1.terminal());
        assertEquals(0.0, t1.reward());
        assertEquals(1, env.unchangedEdits());
        assertEquals(2, weak.calls.get(), "one call plus one retry with another seed");

        Transition<TextState, Action> t2 = env.step(t1.next(), env.actions(t1.next()).get(0));
        assertTrue(t2.terminal());
        assertEquals(ANCHOR, t2.next().description());
        assertEquals(2, env.unchangedEdits());
        // the kept text is scored like any other final text: the user's content-gap utility of its embedding
        double expected = gap().utility().score(VOWELS.embed(ANCHOR));
        assertEquals(expected, t2.reward(), 1e-9);
        assertTrue(Math.abs(expected) > 1e-6, "a utility that can tell texts apart");
    }

    @Test
    void withoutToleranceAnEmptyAnswerFailsTheEpisode() {
        ContentGapEnvironment env = env(new Scripted(""), ACTIONS, false);
        TextState s0 = env.reset(3);
        EpisodeFailedException e = assertThrows(EpisodeFailedException.class,
                () -> env.step(s0, env.actions(s0).get(0)));
        assertTrue(e.getMessage().contains("no usable text"), e.getMessage());
        assertEquals(0, env.unchangedEdits());
    }

    @Test
    void aFailingBackendFailsTheEpisodeEvenWhenEmptyAnswersAreTolerated() {
        ContentGapEnvironment env = env(new Scripted(null), ACTIONS, true);
        TextState s0 = env.reset(3);
        EpisodeFailedException e = assertThrows(EpisodeFailedException.class,
                () -> env.step(s0, env.actions(s0).get(0)));
        assertTrue(e.getMessage().contains("HTTP 503"), e.getMessage());
        assertEquals(0, env.unchangedEdits());
    }

    @Test
    void aUsableAnswerIsApplied() {
        String edited = "A retired violinist plans a daring bank heist in her home town.";
        ContentGapEnvironment env = env(new Scripted(edited), ACTIONS, true);
        TextState s0 = env.reset(3);
        Transition<TextState, Action> t1 = env.step(s0, env.actions(s0).get(0));
        assertEquals(edited, t1.next().description());
        assertEquals(0, env.unchangedEdits());
    }
}

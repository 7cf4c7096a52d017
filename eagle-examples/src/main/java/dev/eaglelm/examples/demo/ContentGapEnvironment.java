package dev.eaglelm.examples.demo;

import dev.eaglelm.core.Action;
import dev.eaglelm.core.Environment;
import dev.eaglelm.core.Transition;
import dev.eaglelm.core.text.TextEnvironment;
import dev.eaglelm.core.text.TextState;
import java.util.Map;
import java.util.Objects;

/**
 * The text MDP with one content-gap utility per target user: the state's context (the user's profile) selects
 * the {@link UserGap} whose utility scores the final text. Transitions and actions are the wrapped
 * {@link TextEnvironment}'s; its own utility is ignored.
 */
public final class ContentGapEnvironment implements Environment<TextState, Action> {

    private final TextEnvironment text;
    private final Map<String, UserGap> byProfile;
    private final boolean keepTextOnEmptyEdit;
    private final java.util.concurrent.atomic.AtomicLong unchanged = new java.util.concurrent.atomic.AtomicLong();

    /**
     * Wraps a text environment.
     *
     * @param text the text environment (its anchors carry the users' profiles as context)
     * @param byProfile the target users by profile text
     */
    public ContentGapEnvironment(TextEnvironment text, Map<String, UserGap> byProfile) {
        this(text, byProfile, false);
    }

    /**
     * Wraps a text environment, optionally tolerating edits that a weak LLM cannot do.
     *
     * @param text the text environment (its anchors carry the users' profiles as context)
     * @param byProfile the target users by profile text
     * @param keepTextOnEmptyEdit when the environment LLM answers nothing usable after its retries, the step keeps
     *     the description unchanged (counted by {@link #unchangedEdits()}) instead of failing the episode
     */
    public ContentGapEnvironment(TextEnvironment text, Map<String, UserGap> byProfile, boolean keepTextOnEmptyEdit) {
        this.text = Objects.requireNonNull(text, "text");
        this.byProfile = Map.copyOf(byProfile);
        this.keepTextOnEmptyEdit = keepTextOnEmptyEdit;
    }

    /**
     * Returns the steps that kept the description because the LLM answered nothing usable.
     *
     * @return the count since creation
     */
    public long unchangedEdits() {
        return unchanged.get();
    }

    /**
     * Returns the wrapped text environment.
     *
     * @return the text environment
     */
    public TextEnvironment text() {
        return text;
    }

    /**
     * Returns the target user of a state.
     *
     * @param state any state
     * @return the user whose profile is the state's context
     * @throws IllegalArgumentException if the context is no target user's profile
     */
    public UserGap gap(TextState state) {
        UserGap g = byProfile.get(state.context());
        if (g == null) {
            throw new IllegalArgumentException("content-gap environment: the state's context is no target user's"
                    + " profile");
        }
        return g;
    }

    @Override
    public TextState reset(long seed) {
        return text.reset(seed);
    }

    @Override
    public java.util.List<Action> actions(TextState state) {
        return text.actions(state);
    }

    @Override
    public Transition<TextState, Action> step(TextState state, Action action) {
        Transition<TextState, Action> t;
        try {
            t = text.step(state, action);
        } catch (dev.eaglelm.core.EpisodeFailedException e) {
            if (!keepTextOnEmptyEdit || !(e.getCause() instanceof IllegalStateException)) {
                throw e;
            }
            unchanged.incrementAndGet();
            TextState next = state.next(state.description());
            boolean terminal = next.step() >= text.horizon();
            return new Transition<>(state, action, next, terminal ? terminalReward(next) : 0.0, terminal);
        }
        return new Transition<>(t.state(), t.action(), t.next(), t.terminal() ? terminalReward(t.next()) : 0.0,
                t.terminal());
    }

    @Override
    public int horizon() {
        return text.horizon();
    }

    @Override
    public double terminalReward(TextState state) {
        return gap(state).utility().score(text.embed(state.description()));
    }
}

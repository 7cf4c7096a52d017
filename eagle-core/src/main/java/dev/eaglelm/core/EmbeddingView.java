package dev.eaglelm.core;

import java.util.List;

/**
 * How a policy sees a state and its action set in embedding space: the state embedding E(x), an embedding
 * of each action e(a), and the embedding of the state each action leads to, z<sub>a</sub>(x) (the
 * paper's Definition 1).
 *
 * <p>{@link Environment} deliberately says nothing about embeddings; this small companion interface is
 * what the trainable {@code EagleAgent}, the optimistic reference policy and the action-set reduction
 * need. An environment may implement it itself ({@link dev.eaglelm.core.env.LinearEmbeddingEnvironment}
 * does) or an adapter may provide it (a text environment would embed the description with E<sub>D</sub>,
 * the action text with a sentence encoder, and the candidate next descriptions, which the G-optimal design
 * needs anyway).
 *
 * <p>Either per-action part may be missing, but not both: a view provides action embeddings
 * ({@link #actionDimension()} &gt; 0), next-state embeddings ({@link #providesNextStates()}), or both.
 * Implementations must be thread-safe and deterministic (the same state and actions always give the same
 * numbers), and should cache what is expensive: the trainer asks once per visited state.
 *
 * <pre>{@code
 * EmbeddedState e = view.embed(state, env.actions(state));
 * double[][] next = e.nextStates();   // [k, stateDimension()]
 * }</pre>
 *
 * @param <S> the state type
 * @param <A> the action type
 */
public interface EmbeddingView<S, A> {

    /**
     * Returns the dimension of state (and next-state) embeddings.
     *
     * @return d &ge; 1
     */
    int stateDimension();

    /**
     * Returns the dimension of action embeddings, or 0 when the view gives none.
     *
     * @return d<sub>a</sub> &ge; 0
     */
    int actionDimension();

    /**
     * Returns whether {@link #embed} fills in next-state embeddings z<sub>a</sub>(x).
     *
     * @return true if next-state embeddings are provided
     */
    boolean providesNextStates();

    /**
     * Embeds a state and its action set.
     *
     * @param state a non-terminal state
     * @param actions the state's actions (usually {@link Environment#actions}), non-empty
     * @return the embeddings; per-action rows follow the order of {@code actions}
     * @throws IllegalArgumentException if the actions are empty or do not belong to the state
     */
    EmbeddedState embed(S state, List<A> actions);

    /**
     * Returns an identifier of the view and its version, for provenance and checkpoints (a checkpoint
     * records the dimensions; a change of id means the features changed meaning).
     *
     * @return a non-blank identifier
     */
    String id();
}

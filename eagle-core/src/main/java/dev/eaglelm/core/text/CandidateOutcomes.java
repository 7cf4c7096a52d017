package dev.eaglelm.core.text;

import dev.eaglelm.core.Action;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The next states of a state's candidate actions and their embeddings: the per-action features
 * z<sub>a</sub>(x) = E<sub>D</sub>(x') of the paper's myopic G-optimal design (Definition 1, App. C), here a
 * single-sample estimate per action, as in the paper.
 *
 * @param actions the candidates whose edit succeeded, in candidate order
 * @param nextStates the state each of them leads to
 * @param embeddings a {@code [actions.size(), d]} matrix; row i embeds {@code nextStates.get(i)}
 * @param failed the candidates whose edit failed, as {@code "id: reason"}
 */
public record CandidateOutcomes(List<Action> actions, List<TextState> nextStates, INDArray embeddings,
        List<String> failed) {

    /**
     * Creates the record, validating its components.
     *
     * @param actions the candidates whose edit succeeded
     * @param nextStates their next states
     * @param embeddings one row per successful candidate (may be null when there is none)
     * @param failed the failed candidates
     * @throws IllegalArgumentException if the sizes disagree
     */
    public CandidateOutcomes {
        actions = List.copyOf(actions);
        nextStates = List.copyOf(nextStates);
        failed = List.copyOf(failed);
        if (actions.size() != nextStates.size()) {
            throw new IllegalArgumentException("candidate outcomes: " + actions.size() + " actions but "
                    + nextStates.size() + " next states");
        }
        if (!actions.isEmpty() && (Objects.requireNonNull(embeddings, "embeddings").rows() != actions.size())) {
            throw new IllegalArgumentException("candidate outcomes: " + actions.size() + " actions but "
                    + embeddings.rows() + " embedding rows");
        }
    }
}

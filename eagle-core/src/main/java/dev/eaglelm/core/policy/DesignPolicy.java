package dev.eaglelm.core.policy;

import dev.eaglelm.core.ActionDistribution;
import dev.eaglelm.core.ActionSet;
import dev.eaglelm.core.Agent;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The reference policy of an action-set selector: q(&middot; | x) = (1 &minus; &epsilon;) w(x) + &epsilon;
 * &middot; uniform, where w(x) are the {@link ActionSet#weights() design weights} of the state's
 * {@link ActionSet}. With the G-optimal selector of {@code eagle-optdesign} this is the paper's G-optimal
 * reference policy (Sec. 4.3, Definition 1); with {@link dev.eaglelm.core.select.RandomActionSetSelector}
 * it is uniform on the random subset.
 *
 * <p>The paper trains its reference LLM to imitate the accepted design, so the reference is the design
 * itself (PAPER.md &sect;6). A design may give some kept actions weight 0; then a softmax agent's KL to it
 * is infinite, and the smoothing &epsilon; &gt; 0 (PAPER.md &sect;7, "smooth &pi;<sub>ref</sub> with the
 * uniform") keeps every kept action in the support.
 *
 * @param <S> the state type
 * @param <A> the action type
 */
public final class DesignPolicy<S, A> implements Agent<S, A> {

    private final Function<? super S, ActionSet<A>> actionSets;
    private final double smoothing;
    private final String name;

    /**
     * Creates the policy.
     *
     * @param actionSets the action set of a state, e.g. {@code ActionSetEnvironment::actionSet}
     * @param smoothing &epsilon; in [0, 1]
     * @param name a name for reports, e.g. {@code "g-optimal"}
     * @throws IllegalArgumentException if &epsilon; is outside [0, 1]
     */
    public DesignPolicy(Function<? super S, ActionSet<A>> actionSets, double smoothing, String name) {
        this.actionSets = Objects.requireNonNull(actionSets, "actionSets");
        if (!(smoothing >= 0 && smoothing <= 1)) {
            throw new IllegalArgumentException("design policy: smoothing must be in [0, 1], got " + smoothing);
        }
        this.smoothing = smoothing;
        this.name = Objects.requireNonNull(name, "name");
    }

    /**
     * Returns the smoothed design weights of the state's action set.
     *
     * @param state the state
     * @param actions its action set, which must be the selector's kept actions in their order
     * @return the distribution
     * @throws IllegalArgumentException if {@code actions} is not the state's kept set
     */
    @Override
    public ActionDistribution distribution(S state, List<A> actions) {
        ActionSet<A> set = actionSets.apply(state);
        if (!set.actions().equals(actions)) {
            throw new IllegalArgumentException("design policy: the " + actions.size()
                    + " actions offered are not the " + set.size() + " actions the " + set.selector()
                    + " selector kept for this state");
        }
        ActionDistribution w = set.weights();
        return smoothing == 0 ? w : ActionDistribution.mixture(w, ActionDistribution.uniform(w.size()), smoothing);
    }

    /**
     * Returns the smoothing.
     *
     * @return &epsilon;
     */
    public double smoothing() {
        return smoothing;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return "DesignPolicy[" + name + ", epsilon=" + smoothing + "]";
    }
}

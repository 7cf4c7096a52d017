package dev.eaglelm.core.policy;

import dev.eaglelm.core.ActionDistribution;
import dev.eaglelm.core.Agent;
import dev.eaglelm.core.EmbeddedState;
import dev.eaglelm.core.EmbeddingView;
import java.util.List;
import java.util.Objects;

/**
 * The trainable EAGLE policy: &pi;<sub>&theta;</sub>(a | x, A(x)) = softmax<sub>a &isin; A(x)</sub>
 * f<sub>&theta;</sub>(x, a) / T, where the score f<sub>&theta;</sub> reads the state embedding, the action's
 * embedding and the embedding of the state the action leads to (whichever the {@link EmbeddingView}
 * provides; see {@link PolicyArchitecture}), with a value head V<sub>&phi;</sub>(x) used as the baseline in
 * training (Sec. 4.4 of the paper).
 *
 * <p>This is the library's deliberate departure from the paper: there the agent is a fine-tuned LLM that
 * writes the action text; here it picks among the state's candidate actions. Its distribution is exact
 * (the {@link Agent} contract), which makes the KL penalty to the reference policy exact too.
 *
 * <p>An agent is immutable and thread-safe: it holds a {@link PolicyModel} snapshot. Train one with
 * {@code dev.eaglelm.core.train.Trainer}; {@link #withTemperature} gives the same policy sharper or
 * flatter, and temperature 0 is its greedy decoding ({@link #greedy()}): always the highest-scoring action.
 * Training with a KL penalty leaves the policy deliberately soft (the regularised optimum is stochastic);
 * greedy decoding is then the natural way to deploy it.
 *
 * <pre>{@code
 * EagleAgent<State, Move> agent = EagleAgent.initial(env, PolicyArchitecture.mlp(32), 1.0, 42);
 * ActionDistribution pi = agent.distribution(state, env.actions(state));   // uniform at first
 * }</pre>
 *
 * @param <S> the state type
 * @param <A> the action type
 */
public final class EagleAgent<S, A> implements Agent<S, A> {

    private final EmbeddingView<S, A> view;
    private final PolicyModel model;
    private final double temperature;

    /**
     * Creates an agent.
     *
     * @param view how the agent sees states and actions
     * @param model the network and its parameters; its dimensions must match the view
     * @param temperature the softmax temperature T, finite and &ge; 0; 0 is greedy decoding (the mode, ties
     *     sharing the mass)
     * @throws IllegalArgumentException if the temperature is invalid or the model does not fit the view
     */
    public EagleAgent(EmbeddingView<S, A> view, PolicyModel model, double temperature) {
        this.view = Objects.requireNonNull(view, "view");
        this.model = Objects.requireNonNull(model, "model");
        if (!(temperature >= 0) || !Double.isFinite(temperature)) {
            throw new IllegalArgumentException("eagle agent: temperature must be finite and >= 0, got "
                    + temperature);
        }
        this.temperature = temperature;
        PolicyNetwork n = model.network();
        if (n.stateDimension() != view.stateDimension()
                || (n.actionDimension() > 0 && n.actionDimension() != view.actionDimension())
                || (n.usesNextStates() && !view.providesNextStates())) {
            throw new IllegalArgumentException("eagle agent: " + n + " does not fit the view " + view.id() + " (d="
                    + view.stateDimension() + ", d_a=" + view.actionDimension() + ", next="
                    + view.providesNextStates() + ")");
        }
    }

    /**
     * Creates an untrained agent (uniform over every action set) for a view.
     *
     * @param view how the agent sees states and actions
     * @param architecture the network shape
     * @param temperature the softmax temperature
     * @param seed seeds the initial weights
     * @param <S> the state type
     * @param <A> the action type
     * @return the agent
     */
    public static <S, A> EagleAgent<S, A> initial(EmbeddingView<S, A> view, PolicyArchitecture architecture,
            double temperature, long seed) {
        return new EagleAgent<>(view, PolicyModel.initial(PolicyNetwork.forView(architecture, view), seed),
                temperature);
    }

    @Override
    public ActionDistribution distribution(S state, List<A> actions) {
        Objects.requireNonNull(actions, "actions");
        if (actions.isEmpty()) {
            throw new IllegalArgumentException("eagle agent: empty action set");
        }
        return distribution(view.embed(state, actions));
    }

    /**
     * Returns the distribution over the actions of an already embedded state.
     *
     * @param embedded the embedded state
     * @return &pi;<sub>&theta;</sub>(&middot; | x)
     */
    public ActionDistribution distribution(EmbeddedState embedded) {
        double[] scores = model.network().forward(model.theta(), embedded).scores();
        if (temperature == 0) {
            return ActionDistribution.argmax(scores, 0);
        }
        return ActionDistribution.of(PolicyNetwork.softmax(scores, temperature));
    }

    /**
     * Returns the value head's estimate V<sub>&phi;</sub>(x) of the return to go.
     *
     * @param state a non-terminal state
     * @param actions its action set (the view embeds the state together with it)
     * @return the estimate
     */
    public double value(S state, List<A> actions) {
        return model.network().value(model.phi(), view.embed(state, actions));
    }

    /**
     * Returns the same policy at another temperature.
     *
     * @param newTemperature finite and &ge; 0 (0: greedy decoding)
     * @return the agent
     */
    public EagleAgent<S, A> withTemperature(double newTemperature) {
        return new EagleAgent<>(view, model, newTemperature);
    }

    /**
     * Returns the greedy decoding of this policy: the highest-scoring action (ties share the mass).
     *
     * @return the agent at temperature 0
     */
    public EagleAgent<S, A> greedy() {
        return withTemperature(0);
    }

    /**
     * Returns the model (network and parameters).
     *
     * @return the model
     */
    public PolicyModel model() {
        return model;
    }

    /**
     * Returns the embedding view.
     *
     * @return the view
     */
    public EmbeddingView<S, A> view() {
        return view;
    }

    /**
     * Returns the softmax temperature.
     *
     * @return T
     */
    public double temperature() {
        return temperature;
    }

    /**
     * Returns {@code "eagle"}, or {@code "eagle-greedy"} at temperature 0.
     *
     * @return the name
     */
    @Override
    public String name() {
        return temperature == 0 ? "eagle-greedy" : "eagle";
    }

    @Override
    public String toString() {
        return "EagleAgent[" + model.network().architecture() + ", T=" + temperature + "]";
    }
}

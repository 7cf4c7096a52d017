package dev.eaglelm.core.eval;

import dev.eaglelm.core.Environment;
import dev.eaglelm.core.Transition;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An environment wrapper that counts transitions ({@link #step} calls): in a text environment each one is
 * an environment-LLM call. Build every policy that looks ahead (the greedy agent, searches, best-of-N) on
 * the same counting environment, so that its lookahead is counted too.
 *
 * @param <S> the state type
 * @param <A> the action type
 */
public final class CountingEnvironment<S, A> implements Environment<S, A>, UsageMeter {

    private final Environment<S, A> environment;
    private final AtomicLong steps = new AtomicLong();

    /**
     * Wraps an environment.
     *
     * @param environment the environment to count
     */
    public CountingEnvironment(Environment<S, A> environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    @Override
    public S reset(long seed) {
        return environment.reset(seed);
    }

    @Override
    public List<A> actions(S state) {
        return environment.actions(state);
    }

    @Override
    public Transition<S, A> step(S state, A action) {
        steps.incrementAndGet();
        return environment.step(state, action);
    }

    @Override
    public int horizon() {
        return environment.horizon();
    }

    @Override
    public double terminalReward(S state) {
        return environment.terminalReward(state);
    }

    /**
     * Returns the transitions counted so far as {@link Usage#environmentCalls()}.
     *
     * @return the usage
     */
    @Override
    public Usage usage() {
        return new Usage(steps.get(), 0, 0, 0, 0);
    }

    /**
     * Returns the wrapped environment.
     *
     * @return the environment
     */
    public Environment<S, A> underlying() {
        return environment;
    }

    @Override
    public String toString() {
        return "Counting[" + environment + "]";
    }
}

package dev.eaglelm.core.select;

import dev.eaglelm.core.ActionSet;
import dev.eaglelm.core.ActionSetSelector;
import dev.eaglelm.core.EmbeddedState;
import dev.eaglelm.core.EmbeddingView;
import dev.eaglelm.core.Environment;
import dev.eaglelm.core.Seeds;
import dev.eaglelm.core.Transition;
import dev.eaglelm.core.cache.CacheStats;
import dev.eaglelm.core.util.NdArrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An environment whose action set at each state is the reduction, by an {@link ActionSetSelector}, of the
 * underlying environment's candidates: A(x) = select(candidates(x), z<sub>a</sub>(x), k). This is step 2
 * of the paper's Algorithm 1 (Sec. 4.3, App. C): K candidate edits per state, each represented by the
 * embedding of the state it leads to, reduced to k well-spread actions by a G-optimal design.
 *
 * <p>Any selector plugs in: {@link RandomActionSetSelector} (the uniform baseline), the G-optimal selector
 * of {@code eagle-optdesign}, or a user's own. The selector's {@link ActionSet} is kept per state, so its
 * {@link ActionSet#weights() design weights} can serve as a reference policy
 * ({@code dev.eaglelm.core.policy.ReferencePolicies#design}).
 *
 * <p><b>Caching.</b> Building A(x) needs the next-state embeddings of all K candidates (in a text
 * environment, K environment-LLM calls and K encodings), so each state's set is built on its first visit
 * and cached by state (the paper caches generated states' candidate sets by state text). Concurrent first
 * visits of the same state wait for one computation. The selection seed of a state is
 * {@code Seeds.mix(seed, stateKey(x))}, so the set is a pure function of the state: clearing the cache
 * (done when it exceeds its capacity) costs only recomputation and never changes a result. The default
 * state key is {@code hashCode()}, which is stable across runs for records of numbers and strings; supply
 * another with {@link Builder#stateKey} for states whose hash code is not.
 *
 * <p>This environment is also an {@link EmbeddingView}: it returns the cached rows of the kept actions.
 *
 * <pre>{@code
 * ActionSetEnvironment<State, Move> reduced = ActionSetEnvironment.<State, Move>builder()
 *     .environment(env).embeddings(env)
 *     .selector(new RandomActionSetSelector()).keep(4).seed(7)
 *     .build();
 * ActionSet<Move> set = reduced.actionSet(reduced.reset(0));
 * }</pre>
 *
 * @param <S> the state type
 * @param <A> the action type
 */
public final class ActionSetEnvironment<S, A> implements Environment<S, A>, EmbeddingView<S, A> {

    /** Default cap on the number of cached states. */
    public static final int DEFAULT_MAX_CACHED_STATES = 200_000;

    private static final Logger LOG = LoggerFactory.getLogger(ActionSetEnvironment.class);

    private final Environment<S, A> environment;
    private final EmbeddingView<S, A> view;
    private final ActionSetSelector selector;
    private final int keep;
    private final long seed;
    private final ToLongFunction<S> stateKey;
    private final int maxCachedStates;
    private final ConcurrentHashMap<S, CompletableFuture<Entry<A>>> cache = new ConcurrentHashMap<>();
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    private record Entry<A>(ActionSet<A> set, EmbeddedState embedded) {
    }

    private ActionSetEnvironment(Builder<S, A> b) {
        this.environment = b.environment;
        this.view = b.view;
        this.selector = b.selector;
        this.keep = b.keep;
        this.seed = b.seed;
        this.stateKey = b.stateKey;
        this.maxCachedStates = b.maxCachedStates;
        if (!view.providesNextStates()) {
            throw new IllegalArgumentException("action-set environment: the embedding view " + view.id()
                    + " gives no next-state embeddings, which the selector needs");
        }
    }

    /**
     * Starts a builder.
     *
     * @param <S> the state type
     * @param <A> the action type
     * @return a new builder
     */
    public static <S, A> Builder<S, A> builder() {
        return new Builder<>();
    }

    /**
     * Returns the selector's action set for a state: the kept actions, their candidate indices and the
     * design weights. Built on the first call for the state, then cached.
     *
     * @param state a non-terminal state
     * @return the action set
     */
    public ActionSet<A> actionSet(S state) {
        return entry(state).set();
    }

    private Entry<A> entry(S state) {
        Objects.requireNonNull(state, "state");
        CompletableFuture<Entry<A>> existing = cache.get(state);
        if (existing == null) {
            CompletableFuture<Entry<A>> mine = new CompletableFuture<>();
            existing = cache.putIfAbsent(state, mine);
            if (existing == null) {
                misses.incrementAndGet();
                try {
                    Entry<A> e = compute(state);
                    mine.complete(e);
                    if (cache.size() > maxCachedStates) {
                        LOG.debug("action-set cache over {} states: cleared", maxCachedStates);
                        cache.clear();
                    }
                    return e;
                } catch (RuntimeException | Error t) {
                    mine.completeExceptionally(t);
                    cache.remove(state, mine);
                    throw t;
                }
            }
        }
        hits.incrementAndGet();
        try {
            return existing.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    private Entry<A> compute(S state) {
        List<A> candidates = environment.actions(state);
        EmbeddedState all = view.embed(state, candidates);
        long selectionSeed = Seeds.mix(seed, stateKey.applyAsLong(state));
        ActionSet<A> set = selector.select(candidates, NdArrays.matrix(all.nextStates()), keep, selectionSeed);
        int[] indices = set.indices();
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] >= candidates.size() || !Objects.equals(candidates.get(indices[i]), set.actions().get(i))) {
                throw new IllegalStateException("selector " + selector.name() + ": kept action " + i
                        + " does not match candidate " + indices[i]);
            }
        }
        return new Entry<>(set, all.subset(indices));
    }

    @Override
    public S reset(long episodeSeed) {
        return environment.reset(episodeSeed);
    }

    /**
     * Returns the kept actions A(x) of a state.
     *
     * @param state a non-terminal state
     * @return the selector's kept actions, in its order
     */
    @Override
    public List<A> actions(S state) {
        return entry(state).set().actions();
    }

    /**
     * Applies an action of the reduced set through the underlying environment.
     *
     * @param state a non-terminal state
     * @param action an action of {@code actions(state)}
     * @return the transition
     * @throws IllegalArgumentException if the action is not in the state's reduced set
     */
    @Override
    public Transition<S, A> step(S state, A action) {
        if (!entry(state).set().actions().contains(action)) {
            throw new IllegalArgumentException("action-set environment: " + action
                    + " is not in the reduced action set of the state");
        }
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

    @Override
    public int stateDimension() {
        return view.stateDimension();
    }

    @Override
    public int actionDimension() {
        return view.actionDimension();
    }

    @Override
    public boolean providesNextStates() {
        return true;
    }

    /**
     * Embeds a state and actions: the cached rows when {@code actions} is the state's reduced set, else
     * the underlying view's answer.
     *
     * @param state a non-terminal state
     * @param actions actions of the state
     * @return the embedded state
     */
    @Override
    public EmbeddedState embed(S state, List<A> actions) {
        Entry<A> e = entry(state);
        if (e.set().actions().equals(actions)) {
            return e.embedded();
        }
        return view.embed(state, actions);
    }

    @Override
    public String id() {
        return "action-set(" + selector.name() + ", k=" + keep + ")/" + view.id();
    }

    /**
     * Returns the underlying environment.
     *
     * @return the environment whose candidates are reduced
     */
    public Environment<S, A> underlying() {
        return environment;
    }

    /**
     * Returns the selector.
     *
     * @return the selector
     */
    public ActionSetSelector selector() {
        return selector;
    }

    /**
     * Returns the number k of actions kept per state.
     *
     * @return k
     */
    public int keep() {
        return keep;
    }

    /**
     * Returns the counters of the action-set cache: a hit is a visit of a state whose set was already
     * built, a miss a first visit, a write a set built.
     *
     * @return the counters since the environment was built
     */
    public CacheStats cacheStats() {
        long m = misses.get();
        return new CacheStats(hits.get(), m, m);
    }

    @Override
    public String toString() {
        return "ActionSetEnvironment[" + selector.name() + ", k=" + keep + ", " + environment + "]";
    }

    /**
     * Builder for {@link ActionSetEnvironment}. The environment, the embedding view, the selector and k are
     * required.
     *
     * @param <S> the state type
     * @param <A> the action type
     */
    public static final class Builder<S, A> {
        private Environment<S, A> environment;
        private EmbeddingView<S, A> view;
        private ActionSetSelector selector;
        private int keep = -1;
        private long seed;
        private ToLongFunction<S> stateKey = Object::hashCode;
        private int maxCachedStates = DEFAULT_MAX_CACHED_STATES;

        private Builder() {
        }

        /**
         * Sets the environment whose candidates are reduced (required).
         *
         * @param environment the environment
         * @return this builder
         */
        public Builder<S, A> environment(Environment<S, A> environment) {
            this.environment = environment;
            return this;
        }

        /**
         * Sets the view that embeds the candidates' next states (required; it must provide them).
         *
         * @param view the embedding view
         * @return this builder
         */
        public Builder<S, A> embeddings(EmbeddingView<S, A> view) {
            this.view = view;
            return this;
        }

        /**
         * Sets the selector (required).
         *
         * @param selector e.g. {@link RandomActionSetSelector} or the G-optimal selector
         * @return this builder
         */
        public Builder<S, A> selector(ActionSetSelector selector) {
            this.selector = selector;
            return this;
        }

        /**
         * Sets k, the number of actions kept per state (required).
         *
         * @param k &ge; 1; states with at most k candidates keep all of them
         * @return this builder
         */
        public Builder<S, A> keep(int k) {
            this.keep = k;
            return this;
        }

        /**
         * Sets the seed of the selections.
         *
         * @param seed the seed (default 0)
         * @return this builder
         */
        public Builder<S, A> seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Sets the stable key of a state that seeds its selection (default {@code hashCode()}).
         *
         * @param key a function that gives equal states equal keys in every run
         * @return this builder
         */
        public Builder<S, A> stateKey(ToLongFunction<S> key) {
            this.stateKey = key;
            return this;
        }

        /**
         * Sets the cache capacity; when exceeded the cache is cleared (results do not change).
         *
         * @param states &ge; 1 (default {@value #DEFAULT_MAX_CACHED_STATES})
         * @return this builder
         */
        public Builder<S, A> maxCachedStates(int states) {
            this.maxCachedStates = states;
            return this;
        }

        /**
         * Builds the environment.
         *
         * @return the environment
         * @throws IllegalArgumentException naming every missing or invalid setting
         */
        public ActionSetEnvironment<S, A> build() {
            List<String> problems = new java.util.ArrayList<>();
            if (environment == null) {
                problems.add("environment is not set");
            }
            if (view == null) {
                problems.add("embeddings (an EmbeddingView) is not set");
            }
            if (selector == null) {
                problems.add("selector is not set");
            }
            if (keep < 1) {
                problems.add(keep == -1 ? "keep (k) is not set" : "keep must be >= 1, got " + keep);
            }
            if (stateKey == null) {
                problems.add("stateKey is null");
            }
            if (maxCachedStates < 1) {
                problems.add("maxCachedStates must be >= 1, got " + maxCachedStates);
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("action-set environment: " + String.join("; ", problems));
            }
            return new ActionSetEnvironment<>(this);
        }
    }
}

package dev.eaglelm.core.train;

import dev.eaglelm.core.ActionDistribution;
import dev.eaglelm.core.Agent;
import dev.eaglelm.core.EmbeddedState;
import dev.eaglelm.core.EmbeddingView;
import dev.eaglelm.core.Environment;
import dev.eaglelm.core.ProgressListener;
import dev.eaglelm.core.Provenance;
import dev.eaglelm.core.Seeds;
import dev.eaglelm.core.Transition;
import dev.eaglelm.core.eval.Usage;
import dev.eaglelm.core.eval.UsageMeter;
import dev.eaglelm.core.policy.EagleAgent;
import dev.eaglelm.core.policy.PolicyArchitecture;
import dev.eaglelm.core.policy.PolicyModel;
import dev.eaglelm.core.policy.PolicyNetwork;
import dev.eaglelm.core.rollout.BoundedParallel;
import dev.eaglelm.core.rollout.Rollouts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains an {@link EagleAgent} by policy gradient against an environment, with an exact KL penalty to a
 * reference policy (Sec. 4.4 of the paper; PAPER.md &sect;7, readings adopted).
 *
 * <p><b>Objective.</b> Maximise J(&theta;) = E[R(&tau;)] &minus; &alpha; E[&Sigma;<sub>t</sub>
 * KL(&pi;<sub>&theta;</sub>(&middot;|x<sub>t</sub>) &Vert; &pi;<sub>ref</sub>(&middot;|x<sub>t</sub>))] +
 * &beta; E[&Sigma;<sub>t</sub> H(&pi;<sub>&theta;</sub>(&middot;|x<sub>t</sub>))], where R is the episode
 * return (the terminal utility U(E<sub>D</sub>(x<sub>H</sub>)) in EAGLE) and each KL is computed exactly
 * over the visited state's finite action set. Its gradient has two parts, and the trainer uses both: the
 * exact gradient of each visited state's KL and entropy with respect to &theta; ({@link PolicyGradient}),
 * and a REINFORCE term for how earlier actions change which states are visited, for which the regulariser
 * of the next visited state is charged as a reward: r&#771;<sub>t</sub> = r<sub>t</sub> &minus; &alpha;
 * KL<sub>t+1</sub> + &beta; H<sub>t+1</sub> ({@link #shapedRewards}). With &gamma; = &lambda; = 1 the
 * expected update is then exactly &nabla;J (a test checks this against finite differences of J computed by
 * enumeration). The REINFORCE term uses a learned value baseline V<sub>&phi;</sub> and GAE(&gamma;,
 * &lambda;) advantages ({@link Gae}); V is fit to the shaped returns-to-go. Advantages can be standardised
 * per batch (off by default: standardising rescales the return against the fixed-scale KL term, so that
 * &alpha; would no longer be in the utility's units).
 *
 * <p><b>Iteration.</b> Roll out {@code episodesPerIteration} episodes with the current policy, in parallel
 * ({@code parallelism} at a time, so that a slow LLM environment is kept busy); compute advantages; shuffle
 * the episodes into minibatches and take one Adam step per minibatch for the policy and one for the value
 * head, each after clipping the gradient's global norm. Episodes that throw are counted
 * ({@code episodes_failed}) and left out, up to {@code maxFailedFraction}.
 *
 * <p><b>Determinism.</b> Episode i of iteration n uses the seed {@code Rollouts.episodeSeed(Seeds.mix(
 * Seeds.derive(seed, "iteration"), n), i)}, for its start state and, through a stream derived from it as in
 * {@link Rollouts#run}, for its action sampling; results are collected in index order and every reduction
 * runs in a fixed order with {@link StrictMath} functions. The parameters after n iterations are therefore
 * a function of the configuration alone: the same for every {@code parallelism} and thread schedule (for a
 * deterministic environment), and the same after a {@link #resume} from any checkpoint.
 *
 * <p><b>Checkpoints.</b> With {@link Builder#checkpoints(Path)}, the trainer writes
 * {@value Checkpoint#FILE_NAME} atomically every {@code checkpointEvery} iterations and after the last;
 * {@link #resume(Path)} continues from one bit-identically.
 *
 * <pre>{@code
 * Trainer<State, Move> trainer = Trainer.<State, Move>builder()
 *     .environment(env).embeddings(env)
 *     .reference(ReferencePolicies.uniform())
 *     .architecture(PolicyArchitecture.mlp(32))
 *     .config(TrainerConfig.builder().iterations(100).klCoef(0.01).seed(7).build())
 *     .listener(new JsonLinesMetricsListener(Path.of("runs/metrics.jsonl")))
 *     .checkpoints(Path.of("runs/ckpt"))
 *     .build();
 * EagleAgent<State, Move> agent = trainer.train().agent();
 * }</pre>
 *
 * @param <S> the state type
 * @param <A> the action type
 */
public final class Trainer<S, A> {

    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    /** The task name under which progress is reported. */
    public static final String PROGRESS_TASK = "training";

    private final Environment<S, A> environment;
    private final EmbeddingView<S, A> view;
    private final Agent<S, A> reference;
    private final PolicyNetwork network;
    private final TrainerConfig config;
    private final List<TrainingListener> listeners;
    private final ProgressListener progress;
    private final Path checkpointDirectory;
    private final UsageMeter meter;
    private final PolicyModel initialModel;

    private Trainer(Builder<S, A> b) {
        this.environment = b.environment;
        this.view = b.view;
        this.reference = b.reference;
        this.network = PolicyNetwork.forView(b.architecture, b.view);
        this.config = b.config;
        this.listeners = List.copyOf(b.listeners);
        this.progress = b.progress;
        this.checkpointDirectory = b.checkpointDirectory;
        this.meter = b.meter;
        if (b.initialModel != null) {
            PolicyNetwork n = b.initialModel.network();
            if (!n.architecture().equals(network.architecture()) || n.stateDimension() != network.stateDimension()
                    || n.actionDimension() != network.actionDimension()
                    || n.usesNextStates() != network.usesNextStates()) {
                throw new IllegalArgumentException("trainer: the initial model " + n + " does not match " + network);
            }
        }
        this.initialModel = b.initialModel;
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
     * Returns the configuration.
     *
     * @return the configuration
     */
    public TrainerConfig config() {
        return config;
    }

    /**
     * Returns the network being trained.
     *
     * @return the network
     */
    public PolicyNetwork network() {
        return network;
    }

    /**
     * Returns the checkpoint file of this trainer's checkpoint directory.
     *
     * @return the file, or {@code null} when the trainer writes no checkpoints
     */
    public Path checkpointFile() {
        return checkpointDirectory == null ? null : checkpointDirectory.resolve(Checkpoint.FILE_NAME);
    }

    /**
     * Trains from scratch for {@code config.iterations()} iterations.
     *
     * @return the result
     * @throws IllegalStateException if too many episodes fail or training diverges
     */
    public TrainingResult<S, A> train() {
        PolicyModel init = initialModel != null ? initialModel
                : PolicyModel.initial(network, Seeds.derive(config.seed(), "init"));
        Run run = new Run(init.policyParameters(), init.valueParameters(), newAdam(network.policyParameterCount(),
                config.policyLearningRate()), newAdam(network.valueParameterCount(), config.valueLearningRate()),
                0, 0, 0, new KlMonitor(config.klWarnWindow(), new double[0]));
        return run(run, 0);
    }

    /**
     * Continues a run from a checkpoint up to {@code config.iterations()} iterations. The result is
     * bit-identical to that of an uninterrupted run with the same configuration.
     *
     * @param checkpointFile a checkpoint written by a trainer with the same configuration (up to
     *     {@code iterations}, {@code parallelism}, {@code checkpointEvery}, {@code klWarnWindow} and
     *     {@code maxFailedFraction}), network and reference
     * @return the result
     * @throws IllegalArgumentException if the checkpoint is unreadable or belongs to another configuration
     */
    public TrainingResult<S, A> resume(Path checkpointFile) {
        Checkpoint c = Checkpoint.read(checkpointFile);
        String expected = fingerprint();
        if (!c.fingerprint.equals(expected)) {
            throw new IllegalArgumentException("checkpoint " + checkpointFile
                    + " belongs to another run configuration:\n  checkpoint: " + c.fingerprint + "\n  this run:   "
                    + expected);
        }
        String env = c.header.get("environment");
        if (env != null && !env.equals(environment.toString())) {
            LOG.warn("checkpoint {} was written for environment {}; resuming with {}", checkpointFile, env,
                    environment);
        }
        Run run = new Run(c.theta.clone(), c.phi.clone(),
                new Adam(config.policyLearningRate(), config.adamBeta1(), config.adamBeta2(), config.adamEpsilon(),
                        c.policyM, c.policyV, c.policySteps),
                new Adam(config.valueLearningRate(), config.adamBeta1(), config.adamBeta2(), config.adamEpsilon(),
                        c.valueM, c.valueV, c.valueSteps),
                c.iteration, c.episodes, c.environmentSteps, new KlMonitor(config.klWarnWindow(), c.klWindow));
        LOG.info("resuming from {} at iteration {}", checkpointFile, c.iteration);
        return run(run, c.iteration);
    }

    /**
     * Resumes from this trainer's checkpoint directory when it holds a checkpoint, else trains from scratch.
     *
     * @return the result
     */
    public TrainingResult<S, A> trainOrResume() {
        Path f = checkpointFile();
        return f != null && Files.exists(f) ? resume(f) : train();
    }

    private Adam newAdam(int size, double lr) {
        return new Adam(size, lr, config.adamBeta1(), config.adamBeta2(), config.adamEpsilon());
    }

    String fingerprint() {
        return config.fingerprint() + "|" + network + "|view=" + view.id() + "|reference=" + reference.name();
    }

    /** The mutable state of a run. */
    private static final class Run {
        final double[] theta;
        final double[] phi;
        final Adam policyOptimizer;
        final Adam valueOptimizer;
        int iteration;
        long episodes;
        long environmentSteps;
        final KlMonitor klMonitor;

        Run(double[] theta, double[] phi, Adam policyOptimizer, Adam valueOptimizer, int iteration, long episodes,
                long environmentSteps, KlMonitor klMonitor) {
            this.theta = theta;
            this.phi = phi;
            this.policyOptimizer = policyOptimizer;
            this.valueOptimizer = valueOptimizer;
            this.iteration = iteration;
            this.episodes = episodes;
            this.environmentSteps = environmentSteps;
            this.klMonitor = klMonitor;
        }
    }

    /** One decision of a rollout. */
    private record Step(EmbeddedState input, int action, double[] logp, double[] logq, double reward) {
    }

    /** One rolled-out episode, or its failure. */
    private record Rollout(List<Step> steps, double totalReturn, double utility, RuntimeException failure) {
    }

    private TrainingResult<S, A> run(Run run, int resumedFrom) {
        long start = System.nanoTime();
        removeStaleTemporaryFiles();
        int total = config.iterations();
        for (TrainingListener l : listeners) {
            l.onStart(config, run.iteration);
        }
        List<IterationMetrics> history = new ArrayList<>();
        progress.started(PROGRESS_TASK, total, "iterations");
        try {
            if (run.iteration > 0) {
                progress.advanced(PROGRESS_TASK, Math.min(run.iteration, total), total);
            }
            while (run.iteration < total) {
                IterationMetrics m = iterate(run);
                history.add(m);
                for (TrainingListener l : listeners) {
                    l.onIteration(m);
                }
                if (LOG.isDebugEnabled()) {
                    LOG.debug("iteration {}: {}", m.iteration(), m.toMap());
                }
                if (run.klMonitor.add(m.klSample())) {
                    warn(run.iteration, "the sampled KL estimate has been negative for " + config.klWarnWindow()
                            + " iterations in a row (last: " + m.klSample() + "); the exact KL is "
                            + m.kl() + ". Are actions sampled from the policy the KL is computed for?");
                }
                if (checkpointDirectory != null && (run.iteration == total
                        || (config.checkpointEvery() > 0 && run.iteration % config.checkpointEvery() == 0))) {
                    Path f = checkpointFile();
                    checkpoint(run).write(f);
                    for (TrainingListener l : listeners) {
                        l.onCheckpoint(run.iteration, f);
                    }
                }
                progress.advanced(PROGRESS_TASK, run.iteration, total);
            }
        } finally {
            progress.finished(PROGRESS_TASK, Math.min(run.iteration, total));
        }
        EagleAgent<S, A> agent = new EagleAgent<>(view, new PolicyModel(network, run.theta, run.phi),
                config.temperature());
        TrainingResult<S, A> result = new TrainingResult<>(agent, run.iteration, run.episodes, run.environmentSteps,
                history, resumedFrom, (System.nanoTime() - start) / 1e9, provenance());
        for (TrainingListener l : listeners) {
            l.onEnd(result);
        }
        return result;
    }

    /** Deletes temporary checkpoint files left by a run that was killed while writing one. */
    private void removeStaleTemporaryFiles() {
        if (checkpointDirectory == null || !Files.isDirectory(checkpointDirectory)) {
            return;
        }
        try (var files = Files.list(checkpointDirectory)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (name.startsWith(Checkpoint.FILE_NAME) && name.endsWith(".tmp")) {
                    Files.deleteIfExists(f);
                    LOG.info("removed the unfinished checkpoint {}", f);
                }
            }
        } catch (java.io.IOException e) {
            LOG.warn("cannot clean the checkpoint directory {}: {}", checkpointDirectory, e.toString());
        }
    }

    private void warn(int iteration, String message) {
        LOG.warn("iteration {}: {}", iteration, message);
        for (TrainingListener l : listeners) {
            l.onWarning(iteration, message);
        }
    }

    private Checkpoint checkpoint(Run run) {
        Map<String, String> info = new LinkedHashMap<>(config.toMap());
        info.put("architecture", network.architecture().toString());
        info.put("network", network.toString());
        info.put("view", view.id());
        info.put("reference", reference.name());
        info.put("environment", environment.toString());
        return new Checkpoint(run.iteration, config.seed(), fingerprint(), Checkpoint.describe(info), run.theta,
                run.phi, run.policyOptimizer, run.valueOptimizer, run.episodes, run.environmentSteps,
                run.klMonitor.state());
    }

    private Provenance provenance() {
        return Provenance.capture(config.seed())
                .withSeed("init", Seeds.derive(config.seed(), "init"))
                .withSeed("iteration", Seeds.derive(config.seed(), "iteration"))
                .withConfig(config.toMap())
                .withConfig(Map.of("eagle.trainer.architecture", network.architecture().toString()))
                .withComponent("environment", environment.toString())
                .withComponent("embeddings", view.id())
                .withComponent("reference", reference.name());
    }

    private IterationMetrics iterate(Run run) {
        long t0 = System.nanoTime();
        int n = run.iteration + 1;
        long iterationSeed = Seeds.mix(Seeds.derive(config.seed(), "iteration"), n);
        double[] theta = run.theta.clone(); // the rollout policy, fixed while episodes run
        Usage before = meter.usage();
        List<Rollout> rollouts = BoundedParallel.map(config.episodesPerIteration(), config.parallelism(),
                i -> rollout(theta, Rollouts.episodeSeed(iterationSeed, i)));
        Usage used = meter.usage().minus(before);

        List<Rollout> ok = new ArrayList<>(rollouts.size());
        RuntimeException firstFailure = null;
        for (Rollout r : rollouts) {
            if (r.failure() == null) {
                ok.add(r);
            } else if (firstFailure == null) {
                firstFailure = r.failure();
            }
        }
        int failed = rollouts.size() - ok.size();
        if (failed > 0) {
            LOG.warn("iteration {}: {} of {} episodes failed; first: {}", n, failed, rollouts.size(),
                    firstFailure.toString());
            if (ok.isEmpty() || failed > config.maxFailedFraction() * rollouts.size()) {
                throw new IllegalStateException("iteration " + n + ": " + failed + " of " + rollouts.size()
                        + " episodes failed (more than " + Math.round(100 * config.maxFailedFraction()) + "% allowed by eagle.trainer.maxFailedFraction" + "); first failure: "
                        + firstFailure.getMessage(), firstFailure);
            }
        }

        // Per-episode statistics, shaped rewards, values, GAE.
        double alpha = config.klCoefAt(n);
        int episodes = ok.size();
        double[][] advantages = new double[episodes][];
        double[][] targets = new double[episodes][];
        double sumReturn = 0;
        double sumUtility = 0;
        double sumKl = 0;
        double sumKlSample = 0;
        double sumEntropy = 0;
        double sumValueLoss = 0;
        long steps = 0;
        boolean klDefined = true;
        for (int e = 0; e < episodes; e++) {
            Rollout r = ok.get(e);
            int len = r.steps().size();
            double[] kl = new double[len];
            double[] values = new double[len];
            for (int t = 0; t < len; t++) {
                Step s = r.steps().get(t);
                if (s.logq() != null) {
                    kl[t] = PolicyGradient.kl(s.logp(), s.logq());
                    sumKlSample += s.logp()[s.action()] - s.logq()[s.action()];
                } else {
                    kl[t] = Double.NaN;
                }
                if (!Double.isFinite(kl[t])) {
                    klDefined = false;
                    if (alpha > 0) {
                        throw new IllegalStateException("iteration " + n + ": the KL to the reference policy '"
                                + reference.name() + "' is infinite at a visited state: it gives probability 0 to an"
                                + " action the agent can take; smooth it (ReferencePolicies.smoothed) or set"
                                + " eagle.trainer.klCoef=0");
                    }
                } else {
                    sumKl += kl[t];
                }
                sumEntropy += PolicyGradient.entropy(s.logp());
                values[t] = network.value(run.phi, s.input());
            }
            double[] rewards = new double[len];
            double[] entropies = new double[len];
            for (int t = 0; t < len; t++) {
                rewards[t] = r.steps().get(t).reward();
                entropies[t] = config.entropyCoef() > 0 ? PolicyGradient.entropy(r.steps().get(t).logp()) : 0;
            }
            double[] shaped = shapedRewards(rewards, kl, entropies, alpha, config.entropyCoef());
            Gae.Result g = Gae.compute(shaped, values, config.gamma(), config.gaeLambda());
            advantages[e] = g.advantages();
            targets[e] = g.returns();
            for (int t = 0; t < len; t++) {
                double d = values[t] - targets[e][t];
                sumValueLoss += 0.5 * d * d;
            }
            sumReturn += r.totalReturn();
            sumUtility += r.utility();
            steps += len;
        }
        if (config.normalizeAdvantages() && steps > 1) {
            normalise(advantages, steps);
        }

        // Minibatch updates.
        int[] order = shuffled(episodes, new SplittableRandom(Seeds.derive(iterationSeed, "minibatches")));
        double sumGradNorm = 0;
        int updates = 0;
        double[] gTheta = new double[run.theta.length];
        double[] gPhi = new double[run.phi.length];
        for (int from = 0; from < episodes; from += config.minibatchEpisodes()) {
            int to = Math.min(episodes, from + config.minibatchEpisodes());
            double scale = 1.0 / (to - from);
            java.util.Arrays.fill(gTheta, 0);
            java.util.Arrays.fill(gPhi, 0);
            for (int o = from; o < to; o++) {
                int e = order[o];
                List<Step> ss = ok.get(e).steps();
                for (int t = 0; t < ss.size(); t++) {
                    Step s = ss.get(t);
                    addObjectiveGradient(network, run.theta, s.input(), s.action(), s.logq(), advantages[e][t],
                            alpha, config.entropyCoef(), config.temperature(), -scale, gTheta); // minimise -J
                    double v = network.value(run.phi, s.input());
                    network.valueBackward(run.phi, s.input(), (v - targets[e][t]) * scale, gPhi);
                }
            }
            sumGradNorm += clip(gTheta, config.maxGradNorm());
            clip(gPhi, config.maxGradNorm());
            run.policyOptimizer.step(run.theta, gTheta);
            run.valueOptimizer.step(run.phi, gPhi);
            updates++;
        }
        for (double v : run.theta) {
            if (!Double.isFinite(v)) {
                throw new IllegalStateException("iteration " + n + ": policy parameters diverged (not finite);"
                        + " lower eagle.trainer.policyLearningRate or eagle.trainer.maxGradNorm");
            }
        }
        run.iteration = n;
        run.episodes += episodes;
        run.environmentSteps += steps;
        double meanKl = klDefined ? sumKl / episodes : Double.NaN;
        return new IterationMetrics(n, episodes, failed, steps, sumReturn / episodes, sumUtility / episodes, meanKl,
                klDefined ? sumKlSample / episodes : Double.NaN, sumEntropy / steps, sumValueLoss / steps,
                updates == 0 ? 0 : sumGradNorm / updates, used.llmCalls(), used.tokens(), used.cacheHitRate(),
                sumReturn / episodes - alpha * (klDefined ? meanKl : 0), alpha, (System.nanoTime() - t0) / 1e9);
    }

    private Rollout rollout(double[] theta, long seed) {
        try {
            SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, "agent"));
            S state = environment.reset(seed);
            List<Step> steps = new ArrayList<>(environment.horizon());
            double total = 0;
            for (int t = 0; t < environment.horizon(); t++) {
                List<A> actions = environment.actions(state);
                if (actions.isEmpty()) {
                    throw new IllegalStateException("environment offered no action at step " + t);
                }
                EmbeddedState input = view.embed(state, actions);
                if (input.size() != actions.size()) {
                    throw new IllegalStateException("embedding view " + view.id() + " embedded " + input.size()
                            + " actions of " + actions.size());
                }
                double[] scores = network.forward(theta, input).scores();
                int a = ActionDistribution.of(PolicyNetwork.softmax(scores, config.temperature())).sample(rng);
                double[] logp = PolicyGradient.logSoftmax(scores, config.temperature());
                double[] q = reference.distribution(state, actions).probabilities();
                if (q.length != actions.size()) {
                    throw new IllegalStateException("reference policy " + reference.name() + " gave " + q.length
                            + " probabilities for " + actions.size() + " actions");
                }
                double[] logq = new double[q.length];
                for (int j = 0; j < q.length; j++) {
                    logq[j] = q[j] > 0 ? StrictMath.log(q[j]) : Double.NEGATIVE_INFINITY;
                }
                Transition<S, A> tr = environment.step(state, actions.get(a));
                steps.add(new Step(input, a, logp, logq, tr.reward()));
                total += tr.reward();
                state = tr.next();
                if (tr.terminal()) {
                    return new Rollout(steps, total, tr.reward(), null);
                }
            }
            throw new IllegalStateException("environment did not end within its horizon " + environment.horizon());
        } catch (RuntimeException e) {
            return new Rollout(List.of(), 0, 0, e);
        }
    }

    /**
     * The rewards with the regulariser of the next visited state charged to each transition:
     * r&#771;<sub>t</sub> = r<sub>t</sub> &minus; &alpha; KL<sub>t+1</sub> + &beta; H<sub>t+1</sub> (nothing
     * after the last transition).
     *
     * @param rewards r<sub>t</sub>
     * @param kls the exact KL at each visited state x<sub>t</sub>
     * @param entropies the entropy at each visited state
     * @param alpha &alpha;
     * @param beta &beta;
     * @return the shaped rewards
     */
    static double[] shapedRewards(double[] rewards, double[] kls, double[] entropies, double alpha, double beta) {
        double[] shaped = rewards.clone();
        for (int t = 0; t + 1 < shaped.length; t++) {
            if (alpha > 0) {
                shaped[t] -= alpha * kls[t + 1];
            }
            if (beta > 0) {
                shaped[t] += beta * entropies[t + 1];
            }
        }
        return shaped;
    }

    /**
     * Adds {@code scale} times the gradient, with respect to &theta;, of A log &pi;<sub>&theta;</sub>(a|x)
     * &minus; &alpha; KL(&pi;<sub>&theta;</sub>(&middot;|x) &Vert; q) + &beta; H(&pi;<sub>&theta;</sub>(&middot;|x)) at one
     * visited state.
     *
     * @param network the network
     * @param theta the policy parameters
     * @param input the embedded state
     * @param action the action taken
     * @param logq log q over the state's actions
     * @param advantage A
     * @param alpha &alpha;
     * @param beta &beta;
     * @param temperature T
     * @param scale the factor (negative to descend)
     * @param gradient the accumulator
     */
    static void addObjectiveGradient(PolicyNetwork network, double[] theta, EmbeddedState input, int action,
            double[] logq, double advantage, double alpha, double beta, double temperature, double scale,
            double[] gradient) {
        PolicyNetwork.Forward f = network.forward(theta, input);
        double[] logp = PolicyGradient.logSoftmax(f.scores(), temperature);
        double[] d = PolicyGradient.scoreGradient(logp, logq, action, advantage, alpha, beta, temperature);
        for (int j = 0; j < d.length; j++) {
            d[j] *= scale;
        }
        network.backward(theta, f, d, gradient);
    }

    private static void normalise(double[][] advantages, long count) {
        double mean = 0;
        for (double[] a : advantages) {
            for (double v : a) {
                mean += v;
            }
        }
        mean /= count;
        double ss = 0;
        for (double[] a : advantages) {
            for (double v : a) {
                ss += (v - mean) * (v - mean);
            }
        }
        double sd = Math.sqrt(ss / count);
        double inv = 1.0 / (sd + 1e-8);
        for (double[] a : advantages) {
            for (int i = 0; i < a.length; i++) {
                a[i] = (a[i] - mean) * inv;
            }
        }
    }

    private static int[] shuffled(int n, SplittableRandom rng) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** Scales the vector down to the given norm if it is longer; returns its norm before clipping. */
    private static double clip(double[] g, double maxNorm) {
        double ss = 0;
        for (double v : g) {
            ss += v * v;
        }
        double norm = Math.sqrt(ss);
        if (norm > maxNorm && Double.isFinite(maxNorm)) {
            double s = maxNorm / norm;
            for (int i = 0; i < g.length; i++) {
                g[i] *= s;
            }
        }
        return norm;
    }

    /**
     * Builder for {@link Trainer}. The environment and the embedding view are required; the reference
     * defaults to uniform, the architecture to {@code mlp(32)}, the configuration to
     * {@link TrainerConfig#defaults()}.
     *
     * @param <S> the state type
     * @param <A> the action type
     */
    public static final class Builder<S, A> {
        private Environment<S, A> environment;
        private EmbeddingView<S, A> view;
        private Agent<S, A> reference = new dev.eaglelm.core.agent.UniformAgent<>();
        private PolicyArchitecture architecture = PolicyArchitecture.mlp(32);
        private TrainerConfig config = TrainerConfig.defaults();
        private final List<TrainingListener> listeners = new ArrayList<>();
        private ProgressListener progress = ProgressListener.NONE;
        private Path checkpointDirectory;
        private UsageMeter meter = UsageMeter.NONE;
        private PolicyModel initialModel;

        private Builder() {
        }

        /**
         * Sets the environment to train in (required).
         *
         * @param environment the environment; its action sets are the agent's choices
         * @return this builder
         */
        public Builder<S, A> environment(Environment<S, A> environment) {
            this.environment = environment;
            return this;
        }

        /**
         * Sets how the agent sees states and actions (required).
         *
         * @param view the embedding view
         * @return this builder
         */
        public Builder<S, A> embeddings(EmbeddingView<S, A> view) {
            this.view = view;
            return this;
        }

        /**
         * Sets the reference policy of the KL penalty (default uniform). With &alpha; &gt; 0 it must give
         * every action the agent can take a positive probability.
         *
         * @param reference the reference policy
         * @return this builder
         */
        public Builder<S, A> reference(Agent<S, A> reference) {
            this.reference = reference;
            return this;
        }

        /**
         * Sets the network shape (default {@code mlp(32)}).
         *
         * @param architecture the architecture
         * @return this builder
         */
        public Builder<S, A> architecture(PolicyArchitecture architecture) {
            this.architecture = architecture;
            return this;
        }

        /**
         * Sets the hyper-parameters.
         *
         * @param config the configuration
         * @return this builder
         */
        public Builder<S, A> config(TrainerConfig config) {
            this.config = config;
            return this;
        }

        /**
         * Adds a listener.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder<S, A> listener(TrainingListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Sets the progress listener (iterations of the task {@value #PROGRESS_TASK}).
         *
         * @param progress the listener
         * @return this builder
         */
        public Builder<S, A> progress(ProgressListener progress) {
            this.progress = progress;
            return this;
        }

        /**
         * Writes checkpoints into a directory.
         *
         * @param directory the directory (created when the first checkpoint is written)
         * @return this builder
         */
        public Builder<S, A> checkpoints(Path directory) {
            this.checkpointDirectory = directory;
            return this;
        }

        /**
         * Sets what counts LLM calls, tokens and cache lookups (default: nothing).
         *
         * @param meter the meter
         * @return this builder
         */
        public Builder<S, A> usageMeter(UsageMeter meter) {
            this.meter = meter;
            return this;
        }

        /**
         * Starts from given parameters instead of fresh ones (the network must match).
         *
         * @param model the initial model
         * @return this builder
         */
        public Builder<S, A> initialModel(PolicyModel model) {
            this.initialModel = model;
            return this;
        }

        /**
         * Builds the trainer.
         *
         * @return the trainer
         * @throws IllegalArgumentException naming every missing part, or if the architecture does not fit the
         *     view
         */
        public Trainer<S, A> build() {
            List<String> missing = new ArrayList<>();
            if (environment == null) {
                missing.add("environment is not set");
            }
            if (view == null) {
                missing.add("embeddings (an EmbeddingView) is not set");
            }
            if (reference == null) {
                missing.add("reference is null");
            }
            if (architecture == null) {
                missing.add("architecture is null");
            }
            if (config == null) {
                missing.add("config is null");
            }
            if (progress == null) {
                missing.add("progress is null");
            }
            if (meter == null) {
                missing.add("usageMeter is null");
            }
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("trainer: " + String.join("; ", missing));
            }
            return new Trainer<>(this);
        }
    }
}

package dev.eaglelm.core.train;

import dev.eaglelm.core.Environment;
import dev.eaglelm.core.Transition;
import dev.eaglelm.core.env.LinearEmbeddingEnvironment;
import dev.eaglelm.core.env.LinearEmbeddingEnvironment.Move;
import dev.eaglelm.core.env.LinearEmbeddingEnvironment.State;
import java.nio.file.Path;
import java.util.List;

/**
 * The child JVM of {@link ResumeTest}: trains the run that the test kills. After the checkpoint of
 * iteration {@link #SLOW_AFTER} every environment step sleeps, like a slow LLM backend, so that the kill
 * lands in the middle of training (the sleep changes no number).
 */
public final class ResumeChild {

    static final int SLOW_AFTER = 3;

    private ResumeChild() {
    }

    /** Slows every step once switched on. */
    static final class Slow implements Environment<State, Move> {
        final LinearEmbeddingEnvironment env;
        volatile boolean slow;

        Slow(LinearEmbeddingEnvironment env) {
            this.env = env;
        }

        @Override
        public State reset(long seed) {
            return env.reset(seed);
        }

        @Override
        public List<Move> actions(State state) {
            return env.actions(state);
        }

        @Override
        public Transition<State, Move> step(State state, Move action) {
            if (slow) {
                try {
                    Thread.sleep(40);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return env.step(state, action);
        }

        @Override
        public int horizon() {
            return env.horizon();
        }

        @Override
        public double terminalReward(State state) {
            return env.terminalReward(state);
        }

        @Override
        public String toString() {
            return env.toString();
        }
    }

    /**
     * Trains into the checkpoint directory given as the first argument, writing metrics to the second.
     *
     * @param args the checkpoint directory and the metrics file
     */
    public static void main(String[] args) {
        LinearEmbeddingEnvironment env = ResumeTest.environment();
        Slow slow = new Slow(env);
        ResumeTest.trainer(slow, env, Path.of(args[0]), Path.of(args[1]), new TrainingListener() {
            @Override
            public void onCheckpoint(int iteration, Path file) {
                if (iteration >= SLOW_AFTER) {
                    slow.slow = true;
                }
            }
        }).train();
        System.out.println("finished");
    }
}

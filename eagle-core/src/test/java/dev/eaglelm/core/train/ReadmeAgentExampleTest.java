package dev.eaglelm.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eaglelm.core.env.LinearEmbeddingEnvironment;
import dev.eaglelm.core.env.LinearEmbeddingEnvironment.Move;
import dev.eaglelm.core.env.LinearEmbeddingEnvironment.State;
import dev.eaglelm.core.policy.EagleAgent;
import dev.eaglelm.core.policy.PolicyArchitecture;
import dev.eaglelm.core.policy.ReferencePolicies;
import dev.eaglelm.core.utility.GaussianUtility;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's training snippet, compiled and run (with 20 iterations instead of 600, in a temp dir). */
class ReadmeAgentExampleTest {

    @Test
    void readmeTrainingSnippetWorks(@TempDir Path runs) throws Exception {
        double[] target = Synthetic.target(4);
        int iterations = 20;

        // --- as in README.md ---
        LinearEmbeddingEnvironment env = LinearEmbeddingEnvironment.builder()
            .dimension(4).actionsPerState(5).horizon(4).anchors(16)
            .utility(new GaussianUtility(target, 1.0)).seed(42).build();
        TrainingResult<State, Move> r = Trainer.<State, Move>builder()
            .environment(env).embeddings(env)                 // the environment is its own EmbeddingView
            .reference(ReferencePolicies.uniform())
            .architecture(PolicyArchitecture.mlp(32))
            .config(TrainerConfig.builder().iterations(iterations).seed(42).build())
            .listener(new JsonLinesMetricsListener(runs.resolve("metrics.jsonl")))
            .checkpoints(runs.resolve("ckpt"))
            .build().trainOrResume();
        EagleAgent<State, Move> agent = r.agent().greedy();   // greedy decoding of the trained policy
        // --- end ---

        assertEquals(iterations, Files.readAllLines(runs.resolve("metrics.jsonl")).size());
        assertTrue(Files.exists(runs.resolve("ckpt").resolve(Checkpoint.FILE_NAME)));
        State s = env.anchors().get(0);
        assertEquals(1.0, agent.distribution(s, env.actions(s)).probabilities()[agent.distribution(s,
                env.actions(s)).mode()]);
    }
}

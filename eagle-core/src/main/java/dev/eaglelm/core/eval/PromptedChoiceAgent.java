package dev.eaglelm.core.eval;

import dev.eaglelm.core.ActionDistribution;
import dev.eaglelm.core.Agent;
import dev.eaglelm.core.Completion;
import dev.eaglelm.core.CompletionRequest;
import dev.eaglelm.core.LanguageModel;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The "LLM chooses the edit" baseline: a prompted LLM reads the goal, the current text and the numbered
 * action set A(x), and answers with the number of the edit to apply. No training; one LLM call per
 * decision. It is a meaningful baseline only with a real instruction-following backend; its
 * {@link #name()} names the backend, so its results are never mistaken for another model's.
 *
 * <p>The answer is parsed as the first integer in the reply; if there is none in [1, k] the agent falls
 * back to the uniform distribution for that decision and counts the failure ({@link #parseFailures()}).
 * Its distribution is otherwise a point mass on the chosen edit. Requests use temperature 0 and a fixed
 * seed; remote backends are only best-effort deterministic.
 *
 * <p>Prompt template version {@value #TEMPLATE_VERSION}.
 *
 * @param <S> the state type
 * @param <A> the action type
 */
public final class PromptedChoiceAgent<S, A> implements Agent<S, A> {

    /** The version of the prompt template, recorded in the agent's name for provenance. */
    public static final String TEMPLATE_VERSION = "prompted-choice/1";

    private static final Logger LOG = LoggerFactory.getLogger(PromptedChoiceAgent.class);
    private static final Pattern NUMBER = Pattern.compile("\\d+");
    private static final String SYSTEM = "You improve a text by choosing one edit from a numbered list. "
            + "Answer with the number of the edit only.";

    private final LanguageModel llm;
    private final String goal;
    private final Function<? super S, String> describeState;
    private final Function<? super A, String> describeAction;
    private final long seed;
    private final AtomicLong failures = new AtomicLong();

    /**
     * Creates the agent.
     *
     * @param llm the backend that chooses
     * @param goal what the edits should achieve, e.g. "make the movie appeal to this user: ..."
     * @param describeState the text of a state
     * @param describeAction the text of an action
     * @param seed the sampling seed sent with every request
     */
    public PromptedChoiceAgent(LanguageModel llm, String goal, Function<? super S, String> describeState,
            Function<? super A, String> describeAction, long seed) {
        this.llm = Objects.requireNonNull(llm, "llm");
        this.goal = Objects.requireNonNull(goal, "goal");
        this.describeState = Objects.requireNonNull(describeState, "describeState");
        this.describeAction = Objects.requireNonNull(describeAction, "describeAction");
        this.seed = seed;
    }

    /**
     * Builds the prompt for a decision.
     *
     * @param state the current state
     * @param actions its action set
     * @return the request
     */
    public CompletionRequest prompt(S state, List<A> actions) {
        StringBuilder user = new StringBuilder();
        user.append("Goal: ").append(goal).append("\n\nCurrent text:\n").append(describeState.apply(state))
                .append("\n\nEdits:\n");
        for (int i = 0; i < actions.size(); i++) {
            user.append(i + 1).append(". ").append(describeAction.apply(actions.get(i))).append('\n');
        }
        user.append("\nWhich edit best achieves the goal? Answer with its number (1-").append(actions.size())
                .append(").");
        return CompletionRequest.builder().system(SYSTEM).user(user.toString()).temperature(0).maxTokens(8)
                .seed(seed).build();
    }

    /**
     * Asks the LLM to choose.
     *
     * @param state the current state
     * @param actions its action set, non-empty
     * @return a point mass on the chosen action, or uniform if the reply names none
     */
    @Override
    public ActionDistribution distribution(S state, List<A> actions) {
        if (actions.isEmpty()) {
            throw new IllegalArgumentException("prompted choice: empty action set");
        }
        Completion c = llm.complete(prompt(state, actions));
        int choice = parse(c.text(), actions.size());
        if (choice < 0) {
            failures.incrementAndGet();
            LOG.debug("prompted choice: no edit number in [1, {}] in reply '{}' from {}", actions.size(), c.text(),
                    c.backend());
            return ActionDistribution.uniform(actions.size());
        }
        double[] p = new double[actions.size()];
        p[choice] = 1;
        return ActionDistribution.of(p);
    }

    /**
     * Parses the first integer of a reply as a 1-based edit number.
     *
     * @param reply the LLM's reply
     * @param k the number of edits
     * @return the 0-based index, or &minus;1 if the first integer is missing or not in [1, k]
     */
    static int parse(String reply, int k) {
        Matcher m = NUMBER.matcher(reply);
        if (!m.find()) {
            return -1;
        }
        try {
            int n = Integer.parseInt(m.group());
            return n >= 1 && n <= k ? n - 1 : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Returns how many replies named no valid edit.
     *
     * @return the count
     */
    public long parseFailures() {
        return failures.get();
    }

    @Override
    public String name() {
        return "llm-choice[" + llm.id() + "]";
    }

    @Override
    public String toString() {
        return "PromptedChoiceAgent[" + llm.id() + ", " + TEMPLATE_VERSION + "]";
    }
}

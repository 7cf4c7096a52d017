package dev.eaglelm.embeddings.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic English texts for encoder benchmarks: no data set needed.
 */
public final class BenchmarkTexts {

    private static final String[] SUBJECTS = {"A lonely robot", "An aging detective", "Two estranged sisters",
        "A young chef", "The last astronaut", "A retired boxer", "A shy librarian", "An ambitious lawyer",
        "A family of farmers", "A disgraced pilot", "A street magician", "A marine biologist"};
    private static final String[] VERBS = {"falls in love with", "tries to rescue", "uncovers the secret of",
        "must outwit", "returns home to", "races against time to save", "teams up with", "is haunted by"};
    private static final String[] OBJECTS = {"a mysterious stranger", "her childhood village", "a corrupt mayor",
        "an ancient map", "a failing pizza restaurant", "a stolen painting", "the crew of a sinking ship",
        "a talking dog", "his former rival", "a forgotten melody"};
    private static final String[] PLACES = {"on a deserted planet", "in 1920s Paris", "during a blizzard",
        "in a small coastal town", "on the eve of war", "in a neon-lit future city", "across the Sahara",
        "in a crumbling mansion"};
    private static final String[] FILLER = {"Along the way, old wounds reopen and loyalties are tested.",
        "What begins as a simple favour soon spirals into a dangerous game of lies.",
        "Meanwhile, a rival with nothing to lose closes in, determined to finish what was started years ago.",
        "With the help of an unlikely friend, they learn that courage can come from the quietest places.",
        "As the deadline approaches, every choice carries a price that someone else will have to pay.",
        "The journey forces them to confront the truth about their family and the promises they broke.",
        "Nobody in town believes the story, and the evidence keeps disappearing overnight.",
        "Told with warmth and humour, it is a story about second chances and the people who give them."};

    private BenchmarkTexts() {
    }

    /**
     * Short one-sentence loglines (8&ndash;14 words).
     *
     * @param n how many
     * @return the sentences, the same for the same n
     */
    public static List<String> shortSentences(int n) {
        SplittableRandom rnd = new SplittableRandom(7);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(pick(rnd, SUBJECTS) + " " + pick(rnd, VERBS) + " " + pick(rnd, OBJECTS) + " "
                    + pick(rnd, PLACES) + ".");
        }
        return out;
    }

    /**
     * Plot summaries of about 100 words.
     *
     * @param n how many
     * @return the plots, the same for the same n
     */
    public static List<String> plots(int n) {
        SplittableRandom rnd = new SplittableRandom(11);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            StringBuilder sb = new StringBuilder();
            while (sb.toString().split("\\s+").length < 95) {
                if (sb.length() > 0) {
                    sb.append(' ');
                }
                sb.append(rnd.nextBoolean()
                        ? pick(rnd, SUBJECTS) + " " + pick(rnd, VERBS) + " " + pick(rnd, OBJECTS) + " "
                                + pick(rnd, PLACES) + "."
                        : pick(rnd, FILLER));
            }
            out.add(sb.toString());
        }
        return out;
    }

    private static String pick(SplittableRandom rnd, String[] options) {
        return options[rnd.nextInt(options.length)];
    }
}

package dev.eaglelm.examples.demo;

import dev.eaglelm.embeddings.utility.ContentGapUtility;
import java.util.Objects;

/**
 * One content-gap target: an under-served user, the utility of new items for them, and the anchor the episodes
 * start from (their best existing item, by the utility's predicted-rating term).
 *
 * @param userId the MovieLens user id
 * @param vector the user's behavioural vector z<sub>u</sub>
 * @param utility U(z) = &lang;z<sub>u</sub>, z&rang; + &lambda;&middot;(distance to the 3 nearest existing items)
 * @param profile the user's textual profile (the state context, used by personalised actions)
 * @param anchorId the MovieLens id of the anchor movie
 * @param anchorTitle the anchor's title
 * @param anchorText the anchor's text (the start description)
 * @param utilityMean the mean utility of the existing items for this user (to standardise features)
 * @param utilitySd the standard deviation of that utility over the existing items, &gt; 0
 */
public record UserGap(String userId, double[] vector, ContentGapUtility utility, String profile, String anchorId,
        String anchorTitle, String anchorText, double utilityMean, double utilitySd) {

    /**
     * Checks the components.
     *
     * @param userId the user id
     * @param vector z_u
     * @param utility the utility
     * @param profile the profile text
     * @param anchorId the anchor's id
     * @param anchorTitle the anchor's title
     * @param anchorText the anchor's text
     * @param utilityMean mean utility of the existing items
     * @param utilitySd its standard deviation
     */
    public UserGap {
        Objects.requireNonNull(userId, "userId");
        vector = vector.clone();
        Objects.requireNonNull(utility, "utility");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(anchorText, "anchorText");
        if (!(utilitySd > 0)) {
            throw new IllegalArgumentException("user " + userId + ": utility sd must be > 0, got " + utilitySd);
        }
    }

    /**
     * Returns a copy of the user's behavioural vector.
     *
     * @return z<sub>u</sub>
     */
    @Override
    public double[] vector() {
        return vector.clone();
    }
}

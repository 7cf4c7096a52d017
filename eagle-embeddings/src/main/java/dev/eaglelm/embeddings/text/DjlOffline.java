package dev.eaglelm.embeddings.text;

/**
 * Keeps DJL offline: sets {@code ai.djl.offline=true} and {@code OPT_OUT_TRACKING=true} before DJL
 * initialises, unless the application has set them already.
 *
 * <p>Without these flags DJL's {@code Ec2Utils.callHome} probes a cloud metadata address and sends
 * telemetry, and a model URL would be downloaded. eaglelm never downloads models: every encoder loads a
 * local directory. {@link SentenceEncoder} calls {@link #ensure()} before it touches any DJL class; an
 * application that uses DJL directly before that should pass
 * {@code -Dai.djl.offline=true -DOPT_OUT_TRACKING=true} on the command line (the {@code eagle} launcher
 * does).
 */
public final class DjlOffline {

    /** The DJL system property that forbids downloads. */
    public static final String OFFLINE = "ai.djl.offline";
    /** The DJL system property (or environment variable) that disables telemetry. */
    public static final String OPT_OUT_TRACKING = "OPT_OUT_TRACKING";

    private DjlOffline() {
    }

    /**
     * Sets the offline flags if they are not set. An explicit {@code -Dai.djl.offline=false} is respected
     * (and then DJL may download); telemetry is always switched off.
     */
    public static synchronized void ensure() {
        if (System.getProperty(OFFLINE) == null) {
            System.setProperty(OFFLINE, "true");
        }
        System.setProperty(OPT_OUT_TRACKING, "true");
    }
}

package dev.eaglelm.core.policy;

import java.util.Arrays;
import java.util.Objects;

/**
 * A {@link PolicyNetwork} with its parameters: the policy parameters &theta; and the value parameters
 * &phi;. Immutable: the parameters are copied in and out.
 */
public final class PolicyModel {

    private final PolicyNetwork network;
    private final double[] theta;
    private final double[] phi;

    /**
     * Creates a model.
     *
     * @param network the network
     * @param theta the policy parameters, of {@link PolicyNetwork#policyParameterCount()} finite values
     * @param phi the value parameters, of {@link PolicyNetwork#valueParameterCount()} finite values
     * @throws IllegalArgumentException if a vector has the wrong length or a non-finite value
     */
    public PolicyModel(PolicyNetwork network, double[] theta, double[] phi) {
        this.network = Objects.requireNonNull(network, "network");
        this.theta = checked(theta, network.policyParameterCount(), "policy");
        this.phi = checked(phi, network.valueParameterCount(), "value");
    }

    /**
     * Creates a model with freshly initialised parameters (a uniform initial policy).
     *
     * @param network the network
     * @param seed seeds the initial weights
     * @return the model
     */
    public static PolicyModel initial(PolicyNetwork network, long seed) {
        return new PolicyModel(network, network.initialPolicyParameters(dev.eaglelm.core.Seeds.derive(seed, "policy")),
                network.initialValueParameters(dev.eaglelm.core.Seeds.derive(seed, "value")));
    }

    private static double[] checked(double[] v, int expected, String what) {
        Objects.requireNonNull(v, what + " parameters");
        if (v.length != expected) {
            throw new IllegalArgumentException("policy model: " + v.length + " " + what + " parameters, expected "
                    + expected);
        }
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException("policy model: " + what + " parameter " + i + " is " + v[i]);
            }
        }
        return v.clone();
    }

    /**
     * Returns the network.
     *
     * @return the network
     */
    public PolicyNetwork network() {
        return network;
    }

    /**
     * Returns the policy parameters &theta;.
     *
     * @return a copy
     */
    public double[] policyParameters() {
        return theta.clone();
    }

    /**
     * Returns the value parameters &phi;.
     *
     * @return a copy
     */
    public double[] valueParameters() {
        return phi.clone();
    }

    /** Read-only access for the package (no copy). */
    double[] theta() {
        return theta;
    }

    /** Read-only access for the package (no copy). */
    double[] phi() {
        return phi;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PolicyModel other && network.architecture().equals(other.network.architecture())
                && Arrays.equals(theta, other.theta) && Arrays.equals(phi, other.phi);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(theta) + Arrays.hashCode(phi);
    }

    @Override
    public String toString() {
        return "PolicyModel[" + network + ", " + theta.length + " + " + phi.length + " parameters]";
    }
}

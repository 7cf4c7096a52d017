package dev.eaglelm.core.search;

import dev.eaglelm.core.Transition;
import java.util.ArrayList;
import java.util.List;

/** A node of a search tree: the path of transitions from the start state. */
final class Node<S, A> {
    final S state;
    final List<Transition<S, A>> path;
    final double pathReturn;
    final boolean terminal;
    final long key;

    Node(S state, List<Transition<S, A>> path, double pathReturn, boolean terminal, long key) {
        this.state = state;
        this.path = path;
        this.pathReturn = pathReturn;
        this.terminal = terminal;
        this.key = key;
    }

    static <S, A> Node<S, A> root(S state, long key) {
        return new Node<>(state, List.of(), 0, false, key);
    }

    Node<S, A> child(Transition<S, A> t, long childKey) {
        List<Transition<S, A>> p = new ArrayList<>(path.size() + 1);
        p.addAll(path);
        p.add(t);
        return new Node<>(t.next(), p, pathReturn + t.reward(), t.terminal(), childKey);
    }
}

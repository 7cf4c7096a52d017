package dev.eaglelm.core.llm.llamaserver;

import dev.eaglelm.core.LanguageModel;
import dev.eaglelm.core.llm.LanguageModels;

/**
 * A program for the shutdown test: opens the backend spec given as its argument, prints the server's pid and
 * waits, never closing the backend, until it is terminated (as Ctrl-C would).
 */
public final class OpenAndWait {

    private OpenAndWait() {
    }

    /**
     * Opens the backend and waits.
     *
     * @param args the spec
     * @throws InterruptedException never in practice
     */
    public static void main(String[] args) throws InterruptedException {
        LanguageModel llm = LanguageModels.open(args[0]);
        System.out.println(((LlamaServerModel) llm).pid());
        System.out.flush();
        Thread.sleep(300_000);
    }
}

package dev.eaglelm.examples.cli;

import dev.eaglelm.core.LanguageModel;
import dev.eaglelm.core.cache.SqliteStore;
import dev.eaglelm.core.llm.Budget;
import dev.eaglelm.core.llm.CachingLanguageModel;
import dev.eaglelm.core.llm.LanguageModels;
import dev.eaglelm.core.llm.MeteredLanguageModel;
import dev.eaglelm.core.llm.Pricing;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Options shared by the commands that talk to an LLM backend: the spec, an optional persistent response
 * cache and a call budget. {@link #open} builds cache(meter(backend)) so that cache hits cost nothing.
 */
final class LlmBackendOptions {

    /** Creates the options (picocli instantiates them). */
    LlmBackendOptions() {
    }

    @Option(names = "--backend", required = true, paramLabel = "SPEC",
            description = {"LLM backend: surrogate:<overviews.csv | data dir> (offline, no LLM),",
                "gguf:<model.gguf>, openai:<base-url>?model=<name>[&apiKeyEnv=VAR], langchain4j:<class>,",
                "llama-server:<binary>?model=<model.gguf> (starts and stops a llama.cpp server)."})
    String spec;

    @Option(names = "--cache", paramLabel = "FILE",
            description = "Persistent SQLite response cache for deterministic requests (default: none).")
    Path cache;

    @Option(names = "--max-calls", paramLabel = "N", defaultValue = "1000",
            description = "Stop with an error after N backend calls (default: ${DEFAULT-VALUE}).")
    long maxCalls;

    /** The open backend and what wraps it. */
    static final class Session implements AutoCloseable {
        final LanguageModel backend;
        final MeteredLanguageModel metered;
        final LanguageModel llm;
        final CachingLanguageModel cached;
        final SqliteStore store;

        Session(LanguageModel backend, MeteredLanguageModel metered, CachingLanguageModel cached, SqliteStore store) {
            this.backend = backend;
            this.metered = metered;
            this.cached = cached;
            this.llm = cached != null ? cached : metered;
            this.store = store;
        }

        /** Prints the usage line (and cache counters) naming the backend, on stderr. */
        void report(PrintWriter err) {
            err.println("usage: " + metered.usage().summary()
                    + (cached == null ? "" : "; cache " + cached.stats().hits() + " hits, " + cached.stats().misses()
                    + " misses")
                    + (backend.id().startsWith("surrogate:") ? " (surrogate: corpus retrieval, no LLM)" : ""));
        }

        @Override
        public void close() {
            try {
                llm.close();
            } finally {
                if (store != null) {
                    store.close();
                }
            }
        }
    }

    Session open() {
        if (maxCalls < 1) {
            throw CliException.usage("--max-calls must be >= 1, got " + maxCalls);
        }
        LanguageModel backend = LanguageModels.open(spec);
        MeteredLanguageModel metered = new MeteredLanguageModel(backend, Pricing.FREE, Budget.calls(maxCalls));
        if (cache == null) {
            return new Session(backend, metered, null, null);
        }
        SqliteStore store;
        try {
            store = SqliteStore.open(cache);
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
        return new Session(backend, metered, new CachingLanguageModel(metered, store), store);
    }
}

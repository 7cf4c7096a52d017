package dev.eaglelm.core.llm.langchain4j;

import dev.eaglelm.core.LanguageModel;
import dev.eaglelm.core.llm.BackendSpec;
import dev.eaglelm.core.llm.LanguageModelProvider;
import java.lang.reflect.InvocationTargetException;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Provider of {@code langchain4j:<bean name | class name>}: a {@link LangChain4jLanguageModel} around a
 * LangChain4j {@code ChatModel} that was {@linkplain LangChain4jLanguageModel#register registered} under that
 * name, or else created from a class: a {@code ChatModel} with a public no-argument constructor, or a
 * {@code Supplier} of one (the place to read configuration and API keys from the environment). Needs
 * {@code dev.langchain4j:langchain4j-core} on the class path; without it, {@link #open} names the artifact.
 */
public final class LangChain4jProvider implements LanguageModelProvider {

    /** The Maven coordinates to add for this backend (plus the LangChain4j provider module you use). */
    public static final String ARTIFACT = "dev.langchain4j:langchain4j-core:1.10.0";

    /** Creates the provider ({@link java.util.ServiceLoader} calls this). */
    public LangChain4jProvider() {
    }

    @Override
    public String scheme() {
        return "langchain4j";
    }

    @Override
    public String usage() {
        return "langchain4j:<registered name | ChatModel class | Supplier<ChatModel> class> - any LangChain4j chat model";
    }

    @Override
    public LanguageModel open(BackendSpec spec) {
        spec.requireOnly(Set.of());
        String target = spec.target().strip();
        if (target.isEmpty()) {
            throw new IllegalArgumentException("backend spec " + spec + ": name a registered chat model or a class");
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : LangChain4jProvider.class.getClassLoader();
        Class<?> chatModel;
        try {
            chatModel = Class.forName("dev.langchain4j.model.chat.ChatModel", false, LangChain4jProvider.class
                    .getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException("the langchain4j backend needs LangChain4j on the class path: add the"
                    + " dependency " + ARTIFACT + " and the LangChain4j module of your provider");
        }
        var bean = LangChain4jLanguageModel.registered(target);
        if (bean.isPresent()) {
            return new LangChain4jLanguageModel(target, bean.get());
        }
        Class<?> c;
        try {
            c = Class.forName(target, true, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("backend spec " + spec + ": no chat model is registered as '" + target
                    + "' and no class of that name is on the class path");
        }
        Object instance;
        try {
            instance = c.getConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("backend spec " + spec + ": class " + target
                    + " has no public no-argument constructor");
        } catch (InstantiationException | IllegalAccessException e) {
            throw new IllegalArgumentException("backend spec " + spec + ": cannot instantiate " + target + ": " + e, e);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("backend spec " + spec + ": the constructor of " + target + " failed: "
                    + e.getCause(), e.getCause());
        }
        if (instance instanceof Supplier<?> s) {
            instance = s.get();
        }
        if (!chatModel.isInstance(instance)) {
            throw new IllegalArgumentException("backend spec " + spec + ": " + target + " is neither a LangChain4j"
                    + " ChatModel nor a Supplier of one");
        }
        return LangChain4jLanguageModel.wrap(target, instance);
    }
}

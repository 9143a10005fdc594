package io.mqlengine.local.lambda;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.mqlengine.local.plan.FunctionPlan;
import io.mqlengine.local.plan.Trigger;
import io.mqlengine.local.template.TemplateRefusal;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Loads a function's handler class in its own class loader, checks it against its triggers, and
 * constructs instances the project's way: {@code new Handler(Map<String,String> env, Clock clock)}.
 */
public final class HandlerFactory implements AutoCloseable {
    private final FunctionPlan plan;
    private final FunctionClassLoader loader;
    private final Constructor<?> constructor;
    private final Class<?> inputType;
    private final SharedLibraries libraries;
    private final URL[] classPath;
    private final AtomicBoolean closed = new AtomicBoolean();

    private HandlerFactory(FunctionPlan plan, FunctionClassLoader loader, Constructor<?> constructor, Class<?> inputType,
            SharedLibraries libraries, URL[] classPath) {
        this.plan = plan;
        this.loader = loader;
        this.constructor = constructor;
        this.inputType = inputType;
        this.libraries = libraries;
        this.classPath = classPath;
    }

    /**
     * Loads and checks; refuses naming the function and the Handler property. The function's library classes come from
     * {@code libraries}, shared with the other functions of the same CodeUri.
     */
    public static HandlerFactory load(FunctionPlan plan, SharedLibraries libraries) {
        URL[] classPath = urls(plan);
        FunctionClassLoader loader = new FunctionClassLoader("function-" + plan.logicalId(), classPath,
                HandlerFactory.class.getClassLoader(), libraries.acquire(classPath));
        try {
            return checked(plan, loader, libraries, classPath);
        } catch (RuntimeException | Error e) {
            try {
                loader.close();
                libraries.release(classPath);
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    private static HandlerFactory checked(FunctionPlan plan, FunctionClassLoader loader, SharedLibraries libraries,
            URL[] classPath) {
        String where = plan.path("Handler");
        Class<?> type;
        try {
            type = Class.forName(plan.handlerClass(), false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new TemplateRefusal(where, "class " + plan.handlerClass() + " not found in " + plan.codeUriText()
                    + (e instanceof LinkageError ? " (" + e + ")" : ""));
        }
        if (!RequestHandler.class.isAssignableFrom(type)) {
            throw new TemplateRefusal(where, plan.handlerClass() + " does not implement " + RequestHandler.class.getName());
        }
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
            throw new TemplateRefusal(where, plan.handlerClass() + " is abstract");
        }
        if (!plan.handlerMethod().equals("handleRequest")) {
            throw new TemplateRefusal(where, "the twin invokes RequestHandler.handleRequest, but Handler names method "
                    + plan.handlerMethod());
        }
        Class<?> input = HandlerTypes.inputType(type);
        for (Trigger trigger : plan.triggers()) {
            if (!input.isAssignableFrom(trigger.inputType())) {
                throw new TemplateRefusal(where, plan.handlerClass() + " handles " + input.getSimpleName() + ", but its "
                        + trigger.kind() + " event " + trigger.eventName() + " delivers " + trigger.inputType().getSimpleName());
            }
        }
        try {
            return new HandlerFactory(plan, loader, type.getConstructor(Map.class, Clock.class), input, libraries, classPath);
        } catch (NoSuchMethodException e) {
            throw new TemplateRefusal(where, plan.handlerClass() + " has no public constructor (Map<String,String> env, Clock clock)");
        }
    }

    /** A new instance; a failing constructor (say, a missing environment variable) is rethrown as-is. */
    @SuppressWarnings("unchecked")
    public RequestHandler<Object, Object> newInstance(Map<String, String> env, Clock clock) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return (RequestHandler<Object, Object>) constructor.newInstance(env, clock);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : new RuntimeException(e.getCause());
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    public ClassLoader loader() {
        return loader;
    }

    /** The I of the handler's RequestHandler&lt;I, O&gt;; Object when it cannot be told. */
    public Class<?> inputType() {
        return inputType;
    }

    public FunctionPlan plan() {
        return plan;
    }

    @Override
    public void close() throws IOException {
        if (closed.compareAndSet(false, true)) {
            loader.close();
            libraries.release(classPath);
        }
    }

    private static URL[] urls(FunctionPlan plan) {
        List<URL> urls = new ArrayList<>();
        for (Path path : plan.classPath()) {
            urls.add(url(path));
            Path lib = path.resolve("lib");
            if (Files.isDirectory(path) && Files.isDirectory(lib)) {
                try (Stream<Path> jars = Files.list(lib)) {
                    jars.filter(j -> j.toString().endsWith(".jar")).sorted().forEach(j -> urls.add(url(j)));
                } catch (IOException e) {
                    throw new TemplateRefusal(plan.path("CodeUri"), "cannot list " + lib + ": " + e.getMessage());
                }
            }
        }
        return urls.toArray(URL[]::new);
    }

    private static URL url(Path path) {
        try {
            return path.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(path.toString(), e);
        }
    }
}

package telemetry.http.whiteboard.testing;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real Jetty 12 ee10 server for the Jakarta adapter's tests. Jetty 12 and Jetty 9.4 (the javax
 * tests' server) share Maven coordinates and package names, so one test class path cannot hold
 * both: the build copies Jetty 12 to {@code target/jetty12} (system property {@code jetty12.dir})
 * and this class loads it child-first ({@code org.eclipse.jetty.*} and {@code org.slf4j.*}), while
 * {@code jakarta.servlet}, the adapter and the test servlets come from the test class path. The
 * few calls that set the server up are made by reflection, with Jetty's own API names.
 */
public final class IsolatedJetty12 implements PreprocessorContractTest.ServerHandle {

    private final Object server;
    private final Object connector;

    /**
     * Starts Jetty 12 on 127.0.0.1 with context {@code /app}: the filter on {@code /*} for all
     * dispatcher types, the servlet on {@code /s/*} and {@code /errors/*}, error pages for 404 and 503.
     * In front of the filter, a request carrying {@value PreprocessorContractTest#DELAY_HEADER} waits
     * that many milliseconds: time the server spends on a request before the preprocessor sees it.
     */
    public IsolatedJetty12(Filter filter, Servlet servlet) throws Exception {
        ClassLoader jetty = new ChildFirstLoader(jettyJars(), IsolatedJetty12.class.getClassLoader());
        server = construct(jetty, "org.eclipse.jetty.server.Server");
        connector = construct(jetty, "org.eclipse.jetty.server.ServerConnector", server);
        call(connector, "setHost", "127.0.0.1");
        call(connector, "setPort", 0);
        call(server, "addConnector", connector);

        Object context = construct(jetty, "org.eclipse.jetty.ee10.servlet.ServletContextHandler");
        call(context, "setContextPath", "/app");
        Object delayHolder = construct(jetty, "org.eclipse.jetty.ee10.servlet.FilterHolder", new DelayBeforeChain());
        call(context, "addFilter", delayHolder, "/*", EnumSet.of(DispatcherType.REQUEST));
        Object filterHolder = construct(jetty, "org.eclipse.jetty.ee10.servlet.FilterHolder", filter);
        call(context, "addFilter", filterHolder, "/*", EnumSet.allOf(DispatcherType.class));
        Object servletHolder = construct(jetty, "org.eclipse.jetty.ee10.servlet.ServletHolder", servlet);
        call(servletHolder, "setAsyncSupported", true);
        call(context, "addServlet", servletHolder, "/s/*");
        call(context, "addServlet", servletHolder, "/errors/*");
        Object errorPages = construct(jetty, "org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler");
        call(errorPages, "addErrorPage", 404, "/errors/page");
        call(errorPages, "addErrorPage", 503, "/errors/page");
        call(context, "setErrorHandler", errorPages);
        call(server, "setHandler", context);
        call(server, "start");
    }

    @Override
    public int port() {
        try {
            return (Integer) call(connector, "getLocalPort");
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() throws Exception {
        call(server, "stop");
    }

    private static URL[] jettyJars() throws IOException {
        Path directory = Path.of(System.getProperty("jetty12.dir", "target/jetty12"));
        List<URL> urls = new ArrayList<>();
        try (Stream<Path> jars = Files.list(directory)) {
            for (Path jar : (Iterable<Path>) jars.filter(path -> path.toString().endsWith(".jar"))::iterator) {
                urls.add(jar.toUri().toURL());
            }
        }
        if (urls.isEmpty()) {
            throw new IllegalStateException(
                    "no Jetty 12 jars in " + directory.toAbsolutePath() + " (run the Maven build)");
        }
        return urls.toArray(new URL[0]);
    }

    private static Object construct(ClassLoader loader, String className, Object... arguments) throws Exception {
        Class<?> type = loader.loadClass(className);
        for (var constructor : type.getConstructors()) {
            if (accepts(constructor.getParameterTypes(), arguments)) {
                return constructor.newInstance(arguments);
            }
        }
        throw new NoSuchMethodException(className + " constructor for " + List.of(arguments));
    }

    private static Object call(Object target, String name, Object... arguments) throws ReflectiveOperationException {
        for (Method method : target.getClass().getMethods()) {
            if (method.getName().equals(name) && accepts(method.getParameterTypes(), arguments)) {
                try {
                    return method.invoke(target, arguments);
                } catch (InvocationTargetException e) {
                    if (e.getCause() instanceof Exception) {
                        throw new IllegalStateException(name + " failed", e.getCause());
                    }
                    throw e;
                }
            }
        }
        throw new NoSuchMethodException(target.getClass().getName() + "." + name + List.of(arguments));
    }

    private static boolean accepts(Class<?>[] parameters, Object[] arguments) {
        if (parameters.length != arguments.length) {
            return false;
        }
        for (int i = 0; i < parameters.length; i++) {
            Class<?> parameter = parameters[i];
            Object argument = arguments[i];
            if (parameter == int.class
                    ? !(argument instanceof Integer)
                    : parameter == boolean.class ? !(argument instanceof Boolean) : !parameter.isInstance(argument)) {
                return false;
            }
        }
        return true;
    }

    /** Waits the milliseconds a request asks for in {@value PreprocessorContractTest#DELAY_HEADER}, then passes it on. */
    private static final class DelayBeforeChain implements Filter {
        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            PreprocessorContractTest.delay(
                    ((HttpServletRequest) request).getHeader(PreprocessorContractTest.DELAY_HEADER));
            chain.doFilter(request, response);
        }
    }

    /** Loads Jetty (and its slf4j) from its own jars first, everything else from the parent. */
    private static final class ChildFirstLoader extends URLClassLoader {

        ChildFirstLoader(URL[] urls, ClassLoader parent) {
            super("jetty12", urls, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("org.eclipse.jetty.") && !name.startsWith("org.slf4j.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    loaded = findClass(name);
                }
                if (resolve) {
                    resolveClass(loaded);
                }
                return loaded;
            }
        }

        @Override
        public URL getResource(String name) {
            URL own = findResource(name);
            return own != null ? own : super.getResource(name);
        }
    }
}

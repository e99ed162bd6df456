package telemetry.benchmarks.whiteboard;

import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import javax.servlet.DispatcherType;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletContext;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletRequestWrapper;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpServletResponseWrapper;

/**
 * A request, a response and a trivial chain without a container, so that the benchmark measures
 * the filters and nothing else. Request and response answer only what the filters under test call
 * on a synchronous request (dispatcher type, async state, status); anything else fails loudly.
 */
final class ServletFixtures {

    private ServletFixtures() {}

    static HttpServletRequest request() {
        return new HttpServletRequestWrapper(unsupported(HttpServletRequest.class)) {
            @Override
            public DispatcherType getDispatcherType() {
                return DispatcherType.REQUEST;
            }

            @Override
            public boolean isAsyncStarted() {
                return false;
            }
        };
    }

    static HttpServletResponse response() {
        return new HttpServletResponseWrapper(unsupported(HttpServletResponse.class)) {
            private int status = 200;

            @Override
            public void setStatus(int status) {
                this.status = status;
            }

            @Override
            public int getStatus() {
                return status;
            }
        };
    }

    /**
     * The trivial application: sets the status and keeps the request and response it was given, as
     * any container does (so that the JIT cannot prove the wrappers unused and elide them).
     */
    static final class TrivialChain implements FilterChain {
        Object lastRequest;
        Object lastResponse;

        @Override
        public void doFilter(javax.servlet.ServletRequest request, javax.servlet.ServletResponse response) {
            lastRequest = request;
            lastResponse = response;
            ((HttpServletResponse) response).setStatus(200);
        }
    }

    /** A filter configuration whose servlet context holds the given attributes. */
    static FilterConfig filterConfig(Map<String, Object> contextAttributes) {
        Map<String, Object> attributes = new HashMap<>(contextAttributes);
        ServletContext context = (ServletContext) Proxy.newProxyInstance(
                ServletFixtures.class.getClassLoader(),
                new Class<?>[] {ServletContext.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getAttribute")) {
                        return attributes.get((String) args[0]);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return new FilterConfig() {
            @Override
            public String getFilterName() {
                return "benchmark";
            }

            @Override
            public ServletContext getServletContext() {
                return context;
            }

            @Override
            public String getInitParameter(String name) {
                return null;
            }

            @Override
            public Enumeration<String> getInitParameterNames() {
                return Collections.emptyEnumeration();
            }
        };
    }

    private static <T> T unsupported(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(
                ServletFixtures.class.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
                    throw new UnsupportedOperationException(type.getSimpleName() + "." + method.getName());
                }));
    }
}

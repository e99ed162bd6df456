package telemetry.http.whiteboard.javax;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import javax.servlet.AsyncContext;
import javax.servlet.DispatcherType;
import javax.servlet.RequestDispatcher;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import telemetry.http.whiteboard.testing.ClientAborts;

/**
 * The application side of the preprocessor tests: one servlet whose path info picks a behaviour
 * (bodies, streaming, exceptions, statuses, error pages, forwards, includes, async cycles, client
 * aborts, {@code sendError} after commit). Mapped
 * at {@code /s/*}; {@code /errors/*} serves error pages.
 */
final class JavaxScenarioServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient ExecutorService executor;

    JavaxScenarioServlet(ExecutorService executor) {
        this.executor = executor;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        if (request.getServletPath().equals("/errors")) {
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().write("error page for " + request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE));
            return;
        }
        // an included request keeps the including request's paths; its own are attributes
        String scenario = String.valueOf(
                request.getDispatcherType() == DispatcherType.INCLUDE
                        ? request.getAttribute(RequestDispatcher.INCLUDE_PATH_INFO)
                        : request.getPathInfo());
        switch (scenario) {
            case "/hello":
                response.setContentType("text/plain;charset=UTF-8");
                response.getWriter().write("hello");
                break;
            case "/classes":
                response.setContentType("text/plain;charset=UTF-8");
                response.getWriter()
                        .write(request.getClass().getSimpleName() + " "
                                + response.getClass().getSimpleName());
                break;
            case "/echo":
                byte[] body = request.getInputStream().readAllBytes();
                response.setContentType("application/octet-stream");
                response.getOutputStream().write(body);
                break;
            case "/reader":
                request.setCharacterEncoding("UTF-8");
                StringBuilder text = new StringBuilder();
                BufferedReader reader = request.getReader();
                char[] buffer = new char[64];
                for (int n; (n = reader.read(buffer, 0, buffer.length)) > 0; ) {
                    text.append(buffer, 0, n);
                }
                response.setContentType("text/plain;charset=UTF-8");
                PrintWriter writer = response.getWriter();
                writer.print(text);
                writer.flush();
                break;
            case "/stream":
                OutputStream out = response.getOutputStream();
                int chunks = Integer.parseInt(request.getParameter("chunks"));
                for (int i = 0; i < chunks; i++) {
                    out.write(new byte[1000]);
                    out.flush();
                }
                break;
            case "/boom":
                throw new ServletException("boom (expected by the test)");
            case "/status":
                response.setStatus(Integer.parseInt(request.getParameter("code")));
                break;
            case "/send-error":
                response.sendError(Integer.parseInt(request.getParameter("code")));
                break;
            case "/send-error-after-commit": // the servlet API throws IllegalStateException, which escapes
                response.getOutputStream().write("partial".getBytes(StandardCharsets.US_ASCII));
                response.flushBuffer();
                response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
                break;
            case "/abort": // the client goes away mid-response; the failed write escapes, as from most servlets
                ClientAborts.writeUntilTheClientIsGone(response.getOutputStream());
                break;
            case "/abort-handled": // the client goes away mid-response; the servlet stops writing and returns
                try {
                    ClientAborts.writeUntilTheClientIsGone(response.getOutputStream());
                } catch (IOException clientGone) {
                    return;
                }
                break;
            case "/forward":
                request.getRequestDispatcher("/s/hello").forward(request, response);
                break;
            case "/include":
                RequestDispatcher hello = request.getRequestDispatcher("/s/hello");
                hello.include(request, response);
                hello.include(request, response);
                break;
            case "/async-complete":
                AsyncContext completing = request.startAsync();
                executor.execute(() -> {
                    try {
                        completing.getResponse().setContentType("text/plain;charset=UTF-8");
                        completing.getResponse().getWriter().write("async");
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    } finally {
                        completing.complete();
                    }
                });
                break;
            case "/async-dispatch":
                AsyncContext dispatching = request.startAsync();
                executor.execute(() -> dispatching.dispatch("/s/hello"));
                break;
            case "/async-timeout":
                request.startAsync().setTimeout(200);
                break;
            case "/async-error":
                AsyncContext failing = request.startAsync();
                executor.execute(() -> failing.dispatch("/s/boom"));
                break;
            case "/async-error-while-async": // the async dispatch throws with async started again: onError
                AsyncContext erring = request.startAsync();
                executor.execute(() -> erring.dispatch("/s/start-async-and-throw"));
                break;
            case "/start-async-and-throw":
                request.startAsync();
                throw new ServletException("thrown while async (expected by the test)");
            case "/async-restart":
                if (request.getDispatcherType() == DispatcherType.REQUEST) {
                    AsyncContext first = request.startAsync();
                    executor.execute(() -> first.dispatch("/s/async-complete"));
                }
                break;
            case "/burn": // uses ms milliseconds of this thread's CPU, measured by its own clock
                long until = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime()
                        + Long.parseLong(request.getParameter("ms")) * 1_000_000;
                while (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() < until) {
                    Thread.onSpinWait();
                }
                response.getWriter().write("burnt");
                break;
            case "/slow":
                try {
                    Thread.sleep(Long.parseLong(request.getParameter("ms")));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                response.getWriter().write("slow");
                break;
            default:
                response.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }
}

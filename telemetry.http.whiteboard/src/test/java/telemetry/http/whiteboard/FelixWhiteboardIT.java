package telemetry.http.whiteboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.felix.framework.FrameworkFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.wiring.BundleWiring;

/**
 * The bundle in a real Felix 7.0.5: it resolves and registers the right adapters with Felix HTTP
 * Jetty 4.2.10 (javax only; servlet API bundles 1.2.0 and 3.0.0) and with Felix HTTP Jetty12 1.1.8
 * (Jakarta, which also runs javax whiteboard services; servlet API bundles 3.0.0 and 6.1.0), and a
 * real HTTP request through each is recorded exactly once. The recorder
 * is a proxy of the SPI interface loaded from the telemetry.api bundle inside the framework (the
 * full reporter path is tested in telemetry.itest).
 */
class FelixWhiteboardIT {

    private static final String JAVAX_PREPROCESSOR = "org.osgi.service.http.whiteboard.Preprocessor";
    private static final String JAKARTA_PREPROCESSOR = "org.osgi.service.servlet.whiteboard.Preprocessor";
    private static final String JAVAX_RUNTIME = "org.osgi.service.http.runtime.HttpServiceRuntime";
    /** How long the delaying preprocessor in front of ours holds each request. */
    private static final long DELAY_MILLIS = 100;
    /** The service property that marks the delaying preprocessor. */
    private static final String DELAYING = "test.delay.millis";

    private static final List<String> COMMON = List.of(
            "telemetry.api-",
            "org.apache.felix.scr-",
            "org.osgi.service.component-",
            "org.osgi.util.promise-",
            "org.osgi.util.function-");

    @TempDir
    Path storage;

    private Framework framework;
    private final AtomicInteger begins = new AtomicInteger();
    private final List<String> ends = new CopyOnWriteArrayList<>();
    private final List<Long> serverTimes = new CopyOnWriteArrayList<>();
    /** The bundle logs through java.util.logging (System.Logger), in this JVM: its ERROR messages. */
    private final Logger bundleLog = Logger.getLogger("telemetry.http.whiteboard");

    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final Handler errorHandler = new Handler() {
        @Override
        public void publish(LogRecord entry) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
                errors.add(entry.getMessage());
            }
        }

        @Override
        public void flush() {
            // nothing buffered
        }

        @Override
        public void close() {
            // nothing held
        }
    };

    @BeforeEach
    void listenToTheBundleLog() {
        bundleLog.addHandler(errorHandler);
    }

    @AfterEach
    void stop() throws Exception {
        bundleLog.removeHandler(errorHandler);
        if (framework != null) {
            framework.stop();
            framework.waitForStop(20_000);
        }
    }

    @ParameterizedTest(name = "servlet-api {0}")
    @ValueSource(strings = {"1.2.0", "3.0.0"})
    void withFelixHttpJettyTheJavaxAdapterCapturesEachRequestOnce(String servletApi) throws Exception {
        int port = start(
                List.of(
                        "org.apache.felix.http.servlet-api-" + servletApi + ".jar",
                        "org.apache.felix.http.jetty-4.2.10"),
                JAVAX_PREPROCESSOR);
        Bundle bundle = whiteboardBundle();
        assertTrue(!wired(bundle, "org.osgi.service.servlet.whiteboard"), "no Jakarta whiteboard here");
        ServiceReference<?> javax = awaitService(JAVAX_PREPROCESSOR);
        assertNull(javax.getProperty("osgi.http.whiteboard.target"), "serves every javax runtime");
        assertEquals(Integer.MAX_VALUE, javax.getProperty(Constants.SERVICE_RANKING));
        assertNull(service(JAKARTA_PREPROCESSOR));

        assertEquals(404, get(port, "/nothing/here?secret=1"));
        awaitTrue(() -> ends.size() == 1, "the request ended");
        assertEquals(1, begins.get());
        assertEquals(List.of("404 /nothing/here JavaxCapturedRequest"), ends);
        assertServerTimeShowsTheDelay("Jetty 9.4's time stamp");
    }

    @ParameterizedTest(name = "servlet-api {0}")
    @ValueSource(strings = {"3.0.0", "6.1.0"})
    void withFelixHttpJetty12BothAdaptersRegisterButEachRequestIsCapturedOnce(String servletApi) throws Exception {
        int port = start(
                List.of(
                        "org.apache.felix.http.servlet-api-" + servletApi + ".jar",
                        "org.apache.felix.http.jetty12-1.1.8",
                        "commons-fileupload-",
                        "commons-io-",
                        "slf4j-api-",
                        "slf4j-simple-",
                        "org.apache.aries.spifly",
                        "asm-"),
                JAKARTA_PREPROCESSOR);
        Bundle bundle = whiteboardBundle();
        assertTrue(wired(bundle, "jakarta.servlet") && wired(bundle, "javax.servlet"), "both APIs wired");
        ServiceReference<?> jakarta = awaitService(JAKARTA_PREPROCESSOR);
        ServiceReference<?> javax = awaitService(JAVAX_PREPROCESSOR);
        assertNull(jakarta.getProperty("osgi.http.whiteboard.target"));
        assertEquals(
                "(!(objectClass=org.osgi.service.servlet.runtime.HttpServiceRuntime))",
                javax.getProperty("osgi.http.whiteboard.target"),
                "Jetty12's runtime runs the Jakarta adapter only");

        for (int i = 1; i <= 3; i++) {
            assertEquals(404, get(port, "/nothing/" + i + "?secret=1"));
            // a capture begins before the chain goes on: a second capture of the request would have begun by now
            assertEquals(i, begins.get(), "begins after request " + i);
        }
        awaitTrue(() -> ends.size() == 3, "the requests ended");
        assertEquals(
                List.of(
                        "404 /nothing/1 JakartaCapturedRequest",
                        "404 /nothing/2 JakartaCapturedRequest",
                        "404 /nothing/3 JakartaCapturedRequest"),
                ends);
        assertServerTimeShowsTheDelay("Jetty 12's begin time");
    }

    @Test
    void configurationChangesApplyLiveAndARejectedOneStopsCaptureUntilFixed() throws Exception {
        int port = start(List.of(
                "org.apache.felix.configadmin-",
                "org.apache.felix.http.servlet-api-1.2.0",
                "org.apache.felix.http.jetty-4.2.10"));
        ServiceReference<?> javax = awaitService(JAVAX_PREPROCESSOR);
        assertNull(javax.getProperty("osgi.http.whiteboard.target"));
        Object javaxId = javax.getProperty(Constants.SERVICE_ID);
        awaitTrue(() -> preprocessorsRun().contains(javaxId), "the HTTP runtime runs the preprocessor");

        // a target that selects no runtime: still registered, the runtime no longer runs it
        configure(Map.of("osgi.http.whiteboard.target", "(osgi.http.whiteboard.name=elsewhere)"));
        awaitTrue(
                () -> service(JAVAX_PREPROCESSOR) != null
                        && "(osgi.http.whiteboard.name=elsewhere)"
                                .equals(service(JAVAX_PREPROCESSOR).getProperty("osgi.http.whiteboard.target")),
                "target applied to the registered preprocessor");
        assertEquals(javaxId, service(JAVAX_PREPROCESSOR).getProperty(Constants.SERVICE_ID), "the same registration");
        awaitTrue(() -> !preprocessorsRun().contains(javaxId), "the HTTP runtime no longer runs the preprocessor");
        assertEquals(404, get(port, "/a"));
        // a capture begins before the chain goes on: the answer came, so a capture would have begun
        assertEquals(0, begins.get(), "not captured by a runtime the target excludes");

        // a rejected configuration: no preprocessor, requests still served
        configure(Map.of("trusted.proxies", "10.0.0.0/33"));
        awaitTrue(() -> service(JAVAX_PREPROCESSOR) == null, "preprocessor unregistered for a rejected configuration");
        assertEquals(404, get(port, "/b"));
        assertEquals(0, begins.get());

        // fixed: registered again, every runtime, capturing
        configure(Map.of("trusted.proxies", "10.0.0.0/8", "request.cpu", "false"));
        ServiceReference<?> fixed = awaitService(JAVAX_PREPROCESSOR);
        assertNull(fixed.getProperty("osgi.http.whiteboard.target"));
        awaitTrue(
                () -> preprocessorsRun().contains(fixed.getProperty(Constants.SERVICE_ID)),
                "the HTTP runtime runs it again");
        assertEquals(404, get(port, "/c"));
        assertEquals(1, begins.get(), "captured again");
        awaitTrue(() -> ends.size() == 1, "the request ended");
        assertTrue(ends.get(0).startsWith("404 /c "), ends.toString());

        // rejected when the component activates (bundle restarted with a bad file in place), then fixed
        configure(Map.of("request.id.header", "X Request ID"));
        awaitTrue(() -> service(JAVAX_PREPROCESSOR) == null, "unregistered");
        Bundle bundle = whiteboardBundle();
        bundle.stop();
        errors.clear();
        bundle.start();
        // the activation read the configuration and rejected it: logged right after deciding not to register
        awaitTrue(
                () -> errors.stream()
                        .anyMatch(
                                message -> message.contains("'request.id.header'") && message.contains("X Request ID")),
                "the rejection logged at activation");
        assertNull(service(JAVAX_PREPROCESSOR), "not registered with a rejected configuration");
        configure(Map.of("request.id.header", "X-Correlation-ID"));
        awaitService(JAVAX_PREPROCESSOR);
    }

    // ---------------------------------------------------------------------------------------------

    /** Updates PID telemetry.http.whiteboard through the framework's Config Admin (by reflection: its API is in the framework). */
    private void configure(Map<String, Object> values) throws Exception {
        ServiceReference<?> reference = service("org.osgi.service.cm.ConfigurationAdmin");
        assertNotNull(reference, "Config Admin running");
        Object admin = framework.getBundleContext().getService(reference);
        Class<?> adminType = reference.getBundle().loadClass("org.osgi.service.cm.ConfigurationAdmin");
        Object configuration = adminType
                .getMethod("getConfiguration", String.class, String.class)
                .invoke(admin, "telemetry.http.whiteboard", "?");
        Class<?> configurationType = reference.getBundle().loadClass("org.osgi.service.cm.Configuration");
        configurationType
                .getMethod("update", java.util.Dictionary.class)
                .invoke(configuration, new java.util.Hashtable<>(values));
    }

    private int start(List<String> httpBundles) throws Exception {
        return start(httpBundles, null);
    }

    /**
     * Starts Felix with the common bundles, {@code httpBundles} and this bundle.
     *
     * @param delayingPreprocessor when not null, the preprocessor interface under which a preprocessor
     *        that holds every request {@value #DELAY_MILLIS} ms is registered before this bundle starts:
     *        with the same ranking and a lower service id it runs before ours, so that time is server time
     */
    private int start(List<String> httpBundles, String delayingPreprocessor) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Map<String, String> properties = new HashMap<>();
        properties.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        properties.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        properties.put("org.osgi.service.http.port", Integer.toString(port));
        properties.put("org.apache.felix.http.host", "127.0.0.1");
        properties.put("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        framework = new FrameworkFactory().newFramework(properties);
        framework.init();
        framework.start();

        List<String> prefixes = new ArrayList<>(COMMON);
        prefixes.addAll(httpBundles);
        List<Bundle> installed = new ArrayList<>();
        Path directory = Path.of(System.getProperty("felix.bundles.dir", "target/felix-bundles"));
        try (var files = Files.list(directory)) {
            for (Path jar : (Iterable<Path>) files.sorted()::iterator) {
                String name = jar.getFileName().toString();
                if (prefixes.stream().anyMatch(name::startsWith)) {
                    installed.add(framework
                            .getBundleContext()
                            .installBundle(jar.toUri().toString()));
                }
            }
        }
        Bundle api = installed.stream()
                .filter(b -> b.getSymbolicName().equals("telemetry.api"))
                .findFirst()
                .orElseThrow();
        installed.add(framework
                .getBundleContext()
                .installBundle(
                        Path.of(System.getProperty("whiteboard.bundle")).toUri().toString()));
        api.start();
        registerRecorder(api);
        if (delayingPreprocessor != null) {
            registerDelayingPreprocessor(api, delayingPreprocessor);
        }
        for (Bundle bundle : installed) {
            if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                bundle.start();
            }
        }
        assertEquals(Bundle.ACTIVE, whiteboardBundle().getState());
        return port;
    }

    /** A recorder proxy of the framework's own SPI interface: counts begins and ends. */
    private void registerRecorder(Bundle api) throws ClassNotFoundException {
        Class<?> recorderType = api.loadClass("telemetry.api.recording.RequestRecorder");
        Class<?> recordingType = api.loadClass("telemetry.api.recording.RequestRecording");
        Class<?> detailsType = api.loadClass("telemetry.api.recording.RequestDetails");
        ClassLoader loader = recorderType.getClassLoader();
        Object recorder = Proxy.newProxyInstance(loader, new Class<?>[] {recorderType}, (proxy, method, args) -> {
            switch (method.getName()) {
                case "isRecording":
                    return true;
                case "begin":
                    begins.incrementAndGet();
                    Object details = args[2];
                    serverTimes.add((Long) args[1] - (Long) args[0]);
                    return Proxy.newProxyInstance(loader, new Class<?>[] {recordingType}, (p, m, a) -> {
                        if (m.getName().equals("end")) {
                            Object path = detailsType.getMethod("path").invoke(details);
                            ends.add(
                                    a[0] + " " + path + " " + details.getClass().getSimpleName());
                        }
                        return null;
                    });
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                default:
                    return "recorder proxy";
            }
        });
        // registered by the API bundle, so the service is in the class space of the bundles using it
        api.getBundleContext().registerService(recorderType.getName(), recorder, null);
    }

    /**
     * A preprocessor of the framework's own interface (loaded through this bundle's wiring) that holds
     * each request {@value #DELAY_MILLIS} ms and passes it on. Registered by the API bundle, which
     * does not import the whiteboard package, so every whiteboard sees it as assignable.
     */
    private void registerDelayingPreprocessor(Bundle api, String preprocessorType) throws ClassNotFoundException {
        Class<?> type = whiteboardBundle().loadClass(preprocessorType);
        ClassLoader loader = whiteboardBundle().adapt(BundleWiring.class).getClassLoader();
        Object delaying = Proxy.newProxyInstance(loader, new Class<?>[] {type}, (proxy, method, args) -> {
            switch (method.getName()) {
                case "doFilter":
                    Thread.sleep(DELAY_MILLIS); // the stimulus: time spent before the capture begins
                    Class<?>[] parameters = method.getParameterTypes(); // request, response, chain
                    try {
                        parameters[2]
                                .getMethod("doFilter", parameters[0], parameters[1])
                                .invoke(args[2], args[0], args[1]);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    return null;
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                case "toString":
                    return "delaying preprocessor";
                default: // init, destroy
                    return null;
            }
        });
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_RANKING, Integer.MAX_VALUE);
        properties.put(DELAYING, DELAY_MILLIS);
        api.getBundleContext().registerService(preprocessorType, delaying, properties);
    }

    /**
     * Every request waited {@value #DELAY_MILLIS} ms in the preprocessor before ours: server time
     * (from the server's own start of the request) shows it, less at most the 0.5 ms by which Jetty
     * 9.4's millisecond stamp, taken at the middle of its millisecond, can be late. Starting server
     * time at our preprocessor would show about 0.
     */
    private void assertServerTimeShowsTheDelay(String source) {
        assertTrue(!serverTimes.isEmpty());
        for (long nanos : serverTimes) {
            assertTrue(
                    nanos >= TimeUnit.MILLISECONDS.toNanos(DELAY_MILLIS - 1),
                    "server_time from " + source + " includes the " + DELAY_MILLIS + " ms before the capture: "
                            + serverTimes);
        }
    }

    /** The service ids of the preprocessors the javax HTTP runtime runs, from its RuntimeDTO. */
    private Set<Object> preprocessorsRun() {
        ServiceReference<?> reference = service(JAVAX_RUNTIME);
        if (reference == null) {
            return Set.of();
        }
        BundleContext context = framework.getBundleContext();
        Object runtime = context.getService(reference);
        try {
            Object dto = reference
                    .getBundle()
                    .loadClass(JAVAX_RUNTIME)
                    .getMethod("getRuntimeDTO")
                    .invoke(runtime);
            Set<Object> ids = new HashSet<>();
            for (Object preprocessor :
                    (Object[]) dto.getClass().getField("preprocessorDTOs").get(dto)) {
                ids.add(preprocessor.getClass().getField("serviceId").get(preprocessor));
            }
            return ids;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("reading the HTTP runtime's DTO", e);
        } finally {
            context.ungetService(reference);
        }
    }

    private Bundle whiteboardBundle() {
        for (Bundle bundle : framework.getBundleContext().getBundles()) {
            if ("telemetry.http.whiteboard".equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError("telemetry.http.whiteboard not installed");
    }

    private static boolean wired(Bundle bundle, String packageName) {
        return bundle.adapt(BundleWiring.class).getRequiredWires("osgi.wiring.package").stream()
                .anyMatch(wire ->
                        packageName.equals(wire.getCapability().getAttributes().get("osgi.wiring.package")));
    }

    /**
     * Service references by class name, ignoring class-space compatibility (the test's class path
     * differs), leaving out the test's own delaying preprocessor.
     */
    private ServiceReference<?> service(String type) {
        try {
            ServiceReference<?>[] references =
                    framework.getBundleContext().getAllServiceReferences(type, "(!(" + DELAYING + "=*))");
            return references == null ? null : references[0];
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private ServiceReference<?> awaitService(String type) throws InterruptedException {
        awaitTrue(() -> service(type) != null, type + " registered");
        ServiceReference<?> reference = service(type);
        assertNotNull(reference);
        assertEquals("telemetry.http.whiteboard", reference.getBundle().getSymbolicName());
        return reference;
    }

    private static int get(int port, String path) throws IOException, InterruptedException {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        for (int attempt = 0; ; attempt++) {
            try {
                return client.send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                        .timeout(Duration.ofSeconds(20))
                                        .build(),
                                BodyHandlers.discarding())
                        .statusCode();
            } catch (IOException notListeningYet) {
                if (attempt == 100) {
                    throw notListeningYet;
                }
                Thread.sleep(100);
            }
        }
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        for (int i = 0; i < 300 && !condition.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
        assertTrue(condition.getAsBoolean(), what);
    }
}

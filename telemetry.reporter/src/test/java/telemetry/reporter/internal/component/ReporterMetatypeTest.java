package telemetry.reporter.internal.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import telemetry.reporter.internal.config.ReporterConfigParser;
import telemetry.reporter.internal.config.ReporterSettings;

/**
 * The metatype bnd generated from {@link ReporterConfigurationComponent.Config}, as {@code config:meta}
 * and the web console show it: its defaults and limits are the parser's (configuration.md), and the
 * descriptions state the same numbers.
 */
class ReporterMetatypeTest {

    private static final Map<String, Element> ATTRIBUTES = new HashMap<>();

    @BeforeAll
    static void read() throws Exception {
        try (InputStream xml = ReporterMetatypeTest.class
                .getClassLoader()
                .getResourceAsStream("OSGI-INF/metatype/" + ReporterConfigParser.PID + ".xml")) {
            assertNotNull(xml, "bnd wrote no metatype for " + ReporterConfigParser.PID);
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            NodeList ads = factory.newDocumentBuilder().parse(xml).getElementsByTagName("AD");
            for (int i = 0; i < ads.getLength(); i++) {
                Element ad = (Element) ads.item(i);
                ATTRIBUTES.put(ad.getAttribute("id"), ad);
            }
        }
    }

    @Test
    void defaultsAndLimitsAreTheParsers() throws Exception {
        Element threads = ATTRIBUTES.get("request.threads.maximum");
        assertEquals("200", threads.getAttribute("default"));
        assertEquals("1", threads.getAttribute("min"));
        assertEquals("1024", threads.getAttribute("max"));
        assertEquals("5.0", ATTRIBUTES.get("drain.timeout").getAttribute("default"));
        ReporterSettings parsed = new ReporterConfigParser("osgi").parse(Map.of());
        assertEquals(200, parsed.requestThreadsMaximum());
        assertEquals(5.0, parsed.drainTimeoutSeconds());
    }

    @Test
    void descriptionsStateTheRules() {
        String service = ATTRIBUTES.get("service").getAttribute("description");
        assertTrue(service.contains("path at most 107 bytes"), service);
        assertTrue(service.contains("at least 0.5; default 1.0"), service);
        String group = ATTRIBUTES.get("process.group").getAttribute("description");
        assertTrue(group.contains("1-63 bytes") && group.contains("else 'osgi'"), group);
        String threads = ATTRIBUTES.get("request.threads.maximum").getAttribute("description");
        assertTrue(threads.contains("capacity figure, 1-1024."), threads);
    }
}

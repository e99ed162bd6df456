package telemetry.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;

/**
 * The artifacts of telemetry.distribution as a Karaf user gets them (no framework needed): every
 * mvn: URL in the features repository names an artifact of this build, and the shipped
 * {@code etc/telemetry.reporter.cfg} is a template that sets nothing, so nothing reports until the
 * user sets {@code service}. (KarafIT installs the features themselves.)
 */
public class FeaturesRepositoryIT {

    private static final Pattern MVN =
            Pattern.compile("mvn:([^/<\\s]+)/([^/<\\s]+)/([^/<\\s]+)(?:/([^/<\\s]+)(?:/([^/<\\s]+))?)?");

    private static Path artifact(String groupId, String artifactId, String version, String type, String classifier) {
        String extension = type == null ? "jar" : type;
        return Paths.get(
                ItestOptions.required("telemetry.itest.repo"),
                groupId.replace('.', '/'),
                artifactId,
                version,
                artifactId + "-" + version + (classifier == null ? "" : "-" + classifier) + "." + extension);
    }

    @Test
    public void everyUrlOfTheTelemetryFeaturesIsInThisBuild() throws Exception {
        String version = ItestOptions.required("telemetry.version");
        Path features = artifact("telemetry", "telemetry.distribution", version, "xml", "features");
        String xml = Files.readString(features, StandardCharsets.UTF_8);
        assertFalse("unfiltered ${project.version} in " + features, xml.contains("${project.version}"));
        assertTrue(xml.contains("<feature name=\"telemetry\""));
        assertTrue(xml.contains("<feature name=\"telemetry-demo\""));
        assertTrue(xml.contains("<feature>http-whiteboard</feature>"));
        assertTrue(xml.contains("<feature>scr</feature>"));

        List<String> urls = new ArrayList<>();
        Matcher m = MVN.matcher(xml);
        while (m.find()) {
            urls.add(m.group());
            if (!m.group(1).equals("telemetry")) {
                continue;
            }
            Path file = artifact(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5));
            assertTrue(m.group() + " is not an artifact of this build (" + file + ")", Files.isRegularFile(file));
            assertEquals(m.group() + " version", version, m.group(3));
        }
        for (String bundle :
                List.of("telemetry.api", "telemetry.reporter", "telemetry.http.whiteboard", "telemetry.demo")) {
            assertTrue(bundle + " in the features", urls.contains("mvn:telemetry/" + bundle + "/" + version));
        }
        assertTrue(
                "the configfile",
                urls.contains("mvn:telemetry/telemetry.distribution/" + version + "/cfg/telemetry.reporter"));
    }

    @Test
    public void shippedConfigurationIsACommentedTemplateWithItsDefaults() throws Exception {
        Path cfg = artifact(
                "telemetry",
                "telemetry.distribution",
                ItestOptions.required("telemetry.version"),
                "cfg",
                "telemetry.reporter");
        List<String> lines = Files.readAllLines(cfg, StandardCharsets.UTF_8);
        // One property is active, at its default, so that FileInstall makes a configuration of the file and
        // Karaf's config:update keeps it (KarafShellIT); every other line is a comment.
        for (String line : lines) {
            String t = line.trim();
            assertTrue(
                    "the template sets a property: '" + line + "'",
                    t.isEmpty() || t.startsWith("#") || t.equals("drain.timeout = 5"));
        }
        // Every property of the contract is documented, with the syntax of the example.
        String text = String.join("\n", lines);
        for (String property : List.of(
                "#service = unix:",
                "#slow.requests =",
                "#options =",
                "#process.group =",
                "#request.threads.maximum =",
                "drain.timeout =")) {
            assertTrue(property + " documented", text.contains(property));
        }
    }
}

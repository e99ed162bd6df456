package telemetry.itest;

import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.vmOptions;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.File;
import java.nio.file.Paths;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.ops4j.pax.exam.options.MavenArtifactUrlReference;
import org.ops4j.pax.exam.options.MavenUrlReference;

/** A stock Karaf 4.4 from Maven Central, as Pax Exam 4.14.0 must start it on Java 17 (runtime-facts.md). */
final class KarafOptions {

    static final String VERSION = "4.4.10";

    private KarafOptions() {}

    static MavenUrlReference standardFeatures() {
        return maven().groupId("org.apache.karaf.features")
                .artifactId("standard")
                .type("xml")
                .classifier("features")
                .versionAsInProject();
    }

    /** The features repository of this build, by the mvn: URL the README gives. */
    static MavenUrlReference telemetryFeatures() {
        return maven().groupId("telemetry")
                .artifactId("telemetry.distribution")
                .type("xml")
                .classifier("features")
                .version(ItestOptions.required("telemetry.version"));
    }

    /**
     * Karaf on loopback ports chosen now, reading the telemetry artifacts of this build from
     * target/repo (as from its system/ folder) and everything else from Maven Central.
     */
    static Option karaf(int httpPort) {
        MavenArtifactUrlReference distribution = maven().groupId("org.apache.karaf")
                .artifactId("apache-karaf")
                .type("tar.gz")
                .versionAsInProject();
        String repo =
                Paths.get(ItestOptions.required("telemetry.itest.repo")).toUri().toString();
        return composite(
                karafDistributionConfiguration()
                        .frameworkUrl(distribution)
                        .name("Apache Karaf")
                        .unpackDirectory(new File("target/exam"))
                        .useDeployFolder(false),
                configureConsole().ignoreLocalConsole().ignoreRemoteShell(),
                logLevel(LogLevel.INFO),
                // bin/karaf's Java 9+ flags; the runner starts the JVM in the Karaf home folder.
                vmOptions(
                        "--add-reads=java.xml=java.logging",
                        "--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED",
                        "--patch-module",
                        "java.base=lib/endorsed/org.apache.karaf.specs.locator-" + VERSION + ".jar",
                        "--patch-module",
                        "java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-" + VERSION + ".jar",
                        "--add-opens",
                        "java.base/java.security=ALL-UNNAMED",
                        "--add-opens",
                        "java.base/java.net=ALL-UNNAMED",
                        "--add-opens",
                        "java.base/java.lang=ALL-UNNAMED",
                        "--add-opens",
                        "java.base/java.util=ALL-UNNAMED",
                        "--add-opens",
                        "java.naming/javax.naming.spi=ALL-UNNAMED",
                        "--add-opens",
                        "java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED",
                        "--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED",
                        "--add-exports=java.base/sun.net.www.protocol.ftp=ALL-UNNAMED",
                        "--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED",
                        "--add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED",
                        "--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED",
                        "--add-exports=java.base/sun.net.www.content.text=ALL-UNNAMED",
                        "--add-exports=jdk.xml.dom/org.w3c.dom.html=ALL-UNNAMED",
                        "--add-exports=jdk.naming.rmi/com.sun.jndi.url.rmi=ALL-UNNAMED",
                        "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
                        "--add-exports=java.security.sasl/com.sun.security.sasl=ALL-UNNAMED",
                        "--add-exports=java.naming/com.sun.jndi.ldap=ALL-UNNAMED"),
                editConfigurationFilePut(
                        "etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", Integer.toString(httpPort)),
                editConfigurationFilePut(
                        "etc/org.ops4j.pax.web.cfg", "org.ops4j.pax.web.listening.addresses", "127.0.0.1"),
                editConfigurationFilePut(
                        "etc/org.apache.karaf.management.cfg",
                        "rmiRegistryPort",
                        Integer.toString(ItestOptions.freePort())),
                editConfigurationFilePut(
                        "etc/org.apache.karaf.management.cfg",
                        "rmiServerPort",
                        Integer.toString(ItestOptions.freePort())),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryHost", "127.0.0.1"),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerHost", "127.0.0.1"),
                editConfigurationFilePut(
                        "etc/org.apache.karaf.shell.cfg", "sshPort", Integer.toString(ItestOptions.freePort())),
                editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshHost", "127.0.0.1"),
                editConfigurationFilePut(
                        "etc/org.ops4j.pax.url.mvn.cfg",
                        "org.ops4j.pax.url.mvn.defaultRepositories",
                        repo + "@id=telemetry.build@snapshots,"
                                + " ${karaf.home.uri}${karaf.default.repository}@id=system.repository@snapshots,"
                                + " ${karaf.data.uri}kar@id=kar.repository@multi@snapshots"),
                editConfigurationFilePut(
                        "etc/org.ops4j.pax.url.mvn.cfg",
                        "org.ops4j.pax.url.mvn.repositories",
                        "https://repo1.maven.org/maven2@id=central"));
    }
}

package telemetry.itest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import javax.security.auth.Subject;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;

/** Karaf shell commands run from a test probe, as an operator logged in as the admin user would. */
final class KarafShell {

    private KarafShell() {}

    /**
     * Runs commands in one session (config:edit keeps its state per session) as the admin Karaf's
     * command ACLs expect for feature:* and bundle:*; answers what they printed.
     */
    static String run(SessionFactory shell, String... commands) throws Exception {
        Subject admin = new Subject();
        admin.getPrincipals().add(new UserPrincipal("karaf"));
        admin.getPrincipals().add(new RolePrincipal("admin"));
        admin.getPrincipals().add(new RolePrincipal("manager"));
        admin.getPrincipals().add(new RolePrincipal("viewer"));
        try {
            return Subject.doAs(admin, (PrivilegedExceptionAction<String>) () -> runInSession(shell, commands));
        } catch (PrivilegedActionException e) {
            throw e.getException();
        }
    }

    private static String runInSession(SessionFactory shell, String... commands) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Session session = shell.create(new ByteArrayInputStream(new byte[0]), out, out);
        try {
            for (String command : commands) {
                Object result = session.execute(command);
                if (result != null) {
                    out.println(result);
                }
            }
        } finally {
            session.close();
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}

package dev.datomickit.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy-check redacts with datomic-kit-core's {@code DatomicUri.redact}, and core declares the
 * Datomic peer as provided: the checker must run where no peer is, as its shaded jar does. Here it
 * runs in a class loader holding this module's class path minus anything of Datomic or Clojure,
 * on a kit whose broken connection strings send passwords through the redaction.
 */
class NoPeerTest {

    @TempDir
    Path temp;

    @Test
    void theCheckerAndItsRedactionRunWithoutTheDatomicPeer() throws Exception {
        Path kit = Kits.copyOfShipped(temp.resolve("kit"));
        Kits.replaceOnce(kit.resolve(".kamal/secrets"), "users-service-db:5432/datomic?user=datomic&password=$POSTGRES_PASSWORD",
                "users-service-db:54x32/datomic?user=datomic&password=Qz7vX9kWj");
        Kits.replaceOnce(kit.resolve("config/sql-transactor.properties"), "sql-url=jdbc:postgresql://users-service-db:5432",
                "sql-url=jdbc:postgresql://datomic:Qz7vX9kWj@users-service-db:5432");

        try (URLClassLoader withoutPeer = new URLClassLoader(classPathWithoutDatomic(), ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> Class.forName("datomic.Peer", false, withoutPeer)).isInstanceOf(ClassNotFoundException.class);
            assertThatThrownBy(() -> Class.forName("clojure.lang.RT", false, withoutPeer))
                    .isInstanceOf(ClassNotFoundException.class);

            Class<?> checker = Class.forName(DeployCheck.class.getName(), true, withoutPeer);
            assertThat(checker.getClassLoader()).isSameAs(withoutPeer);
            Method run = checker.getMethod("run", String[].class, PrintStream.class, PrintStream.class);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = (Integer) run.invoke(null, new String[] {kit.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));

            String printed = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
            assertThat(status).as(printed).isEqualTo(DeployCheck.FINDINGS);
            assertThat(printed).contains("[unreadable]", "***").doesNotContain("Qz7v").doesNotContain("NoClassDefFoundError");

            Method redact = Class.forName("dev.datomickit.core.env.DatomicUri", true, withoutPeer).getMethod("redact", String.class);
            assertThat(redact.invoke(null, "jdbc:mysql://u:Qz7vX9kWj@db/x")).isEqualTo("jdbc:mysql://u:***@db/x");
        }
    }

    private static URL[] classPathWithoutDatomic() throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String normal = entry.replace(File.separatorChar, '/');
            if (normal.contains("/com/datomic/") || normal.contains("/org/clojure/") || normal.contains("/datomic-kit-testing")) {
                continue;
            }
            urls.add(Path.of(entry).toUri().toURL());
        }
        return urls.toArray(URL[]::new);
    }
}

package dev.datomickit.core.env;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random passwords made of URL, JDBC, YAML and shell syntax, written the way each form writes a
 * password (percent-encoded in a URL, braced in SQL Server's list, quoted for Oracle, escaped in a
 * properties line, quoted for the shell): the redacted text is the text with exactly the
 * password's span replaced by {@code ***}, so it shows no piece of the password and masks nothing
 * else. Then, with the text around the password damaged, no 4 characters of it show.
 */
class RedactionPropertiesTest {

    /** Letters and digits, then URL, JDBC, YAML and shell syntax, and a blank. */
    static final String POOL = "aZ09" + ":/?#[]@!$&'()*+,;=%" + "{}\"\\" + "-|>*&!%@`" + "~^<" + " ";

    /** How many consecutive characters of a password count as showing it. */
    private static final int WINDOW = 4;

    /**
     * A text holding one password, written at {@code [from, to)}; {@code [frameFrom, frameTo)}
     * adds what says it is a password there (the parameter name, the user-info delimiters).
     */
    record Embedded(String form, String text, int from, int to, int frameFrom, int frameTo, boolean freeText) {

        String written() {
            return text.substring(from, to);
        }

        String expected() {
            return text.substring(0, from) + Redaction.MASK + text.substring(to);
        }

        String redacted() {
            return freeText ? DatomicUri.redact(text) : Redaction.uri(text);
        }

        /** The same password in the middle of an error message. */
        Embedded inMessage() {
            String before = "Cannot connect to ";
            return new Embedded(form + " in a message", before + text + " (connection refused)", from + before.length(),
                    to + before.length(), frameFrom + before.length(), frameTo + before.length(), true);
        }
    }

    /** A way to write a password: builds the text around the written password. */
    record Form(String name, boolean isUri, boolean parses, Function<String, Embedded> embed) {

        @Override
        public String toString() {
            return name;
        }
    }

    /** Writes {@code before + frameBefore + written + frameAfter + after}. */
    static Embedded embed(String form, String before, String frameBefore, String written, String frameAfter, String after,
            boolean freeText) {
        String text = before + frameBefore + written + frameAfter + after;
        int from = before.length() + frameBefore.length();
        int to = from + written.length();
        return new Embedded(form, text, from, to, before.length(), to + frameAfter.length(), freeText);
    }

    static final List<Form> FORMS = List.of(
            uri("dev, query", "datomic:dev://transactor:4334/app?", "password=", p -> query(p), "", ""),
            uri("ddb, query", "datomic:ddb://us-east-1/datomic/app?aws_access_key_id=AKIDEXAMPLE&", "aws_secret_key=",
                    p -> query(p), "", ""),
            uri("ddb-local, query", "datomic:ddb-local://localhost:8000/datomic/app?aws_access_key_id=x&",
                    "aws_secret_key=", p -> query(p), "", "&endpoint=local"),
            uri("cass, query", "datomic:cass://cassandra:9042/ks.datomic/app?user=cassandra&", "password=",
                    p -> query(p), "", "&ssl=true"),
            uri("postgres, query", "datomic:sql://app?jdbc:postgresql://db:5432/datomic?user=datomic&", "password=",
                    p -> query(p), "", "&ssl=true"),
            uri("mysql, password1", "datomic:sql://app?jdbc:mysql://db:3306/datomic?user=datomic&", "password1=",
                    p -> query(p), "", "&sslMode=REQUIRED&useSSL=true"),
            uri("mysql, password3", "datomic:sql://app?jdbc:mysql://db:3306/datomic?user=datomic&sslMode=REQUIRED&",
                    "password3=", p -> query(p), "", ""),
            uri("mysql, user info", "datomic:sql://app?jdbc:mysql://", "datomic:", p -> userInfo(p), "@",
                    "db.internal:3306/datomic?sslMode=REQUIRED"),
            uri("mariadb, user info", "datomic:sql://app?jdbc:mariadb://", "datomic:", p -> userInfo(p), "@",
                    "maria:3307/datomic"),
            form("ddb-local, user info (not a form Datomic reads)", true, false, "datomic:ddb-local://", "datomic:",
                    p -> userInfo(p), "@", "localhost:8000/t/app"),
            uri("sqlserver", "datomic:sql://app?jdbc:sqlserver://mssql:1433;databaseName=datomic;user=sa;", "password=",
                    p -> sqlServer(p), "", ";encrypt=true"),
            uri("oracle, sid", "datomic:sql://app?jdbc:oracle:thin:", "scott/", p -> oracle(p), "@", "ora:1521:orcl"),
            uri("oracle, service", "datomic:sql://app?jdbc:oracle:thin:", "scott/", p -> oracle(p), "@",
                    "//ora.example.com:1521/svc"),
            text("-D flag", "java -Ddatomic.memcachedServers=m:11211 ", "-Ddatomic.memcachedPassword=", p -> shell(p),
                    "", " -Xmx1g -jar app.jar"),
            text("properties line", "protocol=sql\nhost=0.0.0.0\nsql-url=jdbc:postgresql://db:5432/datomic\nsql-user=datomic\n",
                    "sql-password=", p -> properties(p), "", "\nmemcached=m:11211\n"),
            text("dotenv line", "KAMAL_REGISTRY_USERNAME=deploy\n", "export POSTGRES_PASSWORD=", p -> dotenv(p), "",
                    "\nDATOMIC_URI=datomic:dev://transactor:4334/app\n"),
            text("YAML line", "accessories:\n  db:\n    env:\n", "      password: ", p -> yaml(p), "",
                    "\n      user: datomic\n"),
            text("EDN", "{:user \"datomic\", ", ":password ", p -> Written.in("\"", escaped(p)), "", "}"),
            text("JSON", "{\"user\": \"datomic\", ", "\"password\": ", p -> Written.in("\"", escaped(p)), "", "}"));

    /** A password as a form writes it: {@code inner} is the secret, {@code open} and {@code close} its quotes. */
    record Written(String open, String inner, String close) {

        static Written bare(String text) {
            return new Written("", text, "");
        }

        static Written in(String quote, String text) {
            return new Written(quote, text, quote);
        }
    }

    private static Form uri(String name, String before, String frameBefore, Function<String, Written> write,
            String frameAfter, String after) {
        return form(name, true, true, before, frameBefore, write, frameAfter, after);
    }

    private static Form text(String name, String before, String frameBefore, Function<String, Written> write,
            String frameAfter, String after) {
        return form(name, false, false, before, frameBefore, write, frameAfter, after);
    }

    private static Form form(String name, boolean isUri, boolean parses, String before, String frameBefore,
            Function<String, Written> write, String frameAfter, String after) {
        return new Form(name, isUri, parses, p -> {
            Written written = write.apply(p);
            return embed(name, before, frameBefore + written.open(), written.inner(), written.close() + frameAfter, after,
                    !isUri);
        });
    }

    // ---- how each form writes a password ----------------------------------------------------

    private static final String UNRESERVED = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~";

    /** A query value: RFC 3986 query characters but '&' (which ends it) and '%' (which encodes). */
    static Written query(String password) {
        return Written.bare(percentEncode(password, UNRESERVED + "!$'()*+,;=:@/?"));
    }

    /** User info: unreserved, sub-delimiters and ':'; '/', '?', '#', '@' and the rest encoded. */
    static Written userInfo(String password) {
        return Written.bare(percentEncode(password, UNRESERVED + "!$&'()*+,;=:"));
    }

    static String percentEncode(String text, String allowed) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 128 && allowed.indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    /** SQL Server: braced, with '}' doubled, when it holds ';', braces or blanks at its ends. */
    static Written sqlServer(String password) {
        boolean braced = password.contains(";") || password.contains("{") || password.contains("}")
                || !password.strip().equals(password);
        return braced ? new Written("{", password.replace("}", "}}"), "}") : Written.bare(password);
    }

    /** Oracle: unquoted when it is a simple identifier; else in double quotes, which it cannot hold. */
    static Written oracle(String password) {
        if (password.matches("[A-Za-z][A-Za-z0-9_$#]*")) {
            return Written.bare(password);
        }
        String quotable = password.replace("\"", "");
        return Written.in("\"", quotable.isEmpty() ? "x" : quotable);
    }

    /** A shell word: bare when it holds no shell syntax, else in single quotes, else double quotes. */
    static Written shell(String password) {
        if (password.matches("[A-Za-z0-9_.,:/@%+=~^-]+")) {
            return Written.bare(password);
        }
        if (!password.contains("'")) {
            return Written.in("'", password);
        }
        return Written.in("\"", password.replaceAll("([\"\\\\$`])", "\\\\$1"));
    }

    /** A properties value: backslashes doubled, a leading blank or quote escaped. */
    static Written properties(String password) {
        String escaped = password.replace("\\", "\\\\");
        char first = escaped.charAt(0);
        return Written.bare(first == ' ' || first == '"' || first == '\'' ? "\\" + escaped : escaped);
    }

    /** A dotenv value: bare when simple, else single-quoted, else double-quoted with escapes. */
    static Written dotenv(String password) {
        if (password.matches("[A-Za-z0-9_.,:/@%+=~^-]+")) {
            return Written.bare(password);
        }
        if (!password.contains("'") && !password.contains("\\")) {
            return Written.in("'", password);
        }
        return Written.in("\"", escaped(password).replace("$", "\\$"));
    }

    /** A YAML scalar: plain when nothing in it is YAML syntax, else double-quoted. */
    static Written yaml(String password) {
        return password.matches("[A-Za-z0-9_.,/%+=~^-]+") && !password.startsWith("-") && !password.startsWith("%")
                ? Written.bare(password) : Written.in("\"", escaped(password));
    }

    /** Inside an EDN or JSON string. */
    static String escaped(String password) {
        return password.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    // ---- generators --------------------------------------------------------------------------

    @Provide
    Arbitrary<String> passwords() {
        return Arbitraries.strings().withChars(POOL.toCharArray()).ofMinLength(1).ofMaxLength(24);
    }

    @Provide
    Arbitrary<Form> forms() {
        return Arbitraries.of(FORMS);
    }

    /** A damage: where (a fraction of the text outside the password), what, and how. */
    record Damage(double where, char what, int how) {}

    @Provide
    Arbitrary<List<Damage>> damages() {
        Arbitrary<Damage> damage = Combinators.combine(Arbitraries.doubles().between(0, 1),
                Arbitraries.of((POOL + "\n\t").toCharArray()).map(c -> (char) c), Arbitraries.integers().between(0, 2))
                .as(Damage::new);
        return damage.list().ofMinSize(1).ofMaxSize(5);
    }

    // ---- properties --------------------------------------------------------------------------

    @Property(tries = 2000)
    void exactlyThePasswordIsMaskedInEveryForm(@ForAll("passwords") String password, @ForAll("forms") Form form) {
        Embedded embedded = form.embed().apply(password);
        check(embedded);
        if (form.isUri()) {
            check(embedded.inMessage());
            if (form.parses()) {
                assertThat(DatomicUri.parse(embedded.text())).as("toString of %s", embedded.text())
                        .hasToString(embedded.expected());
            }
        }
    }

    private static void check(Embedded embedded) {
        String shown = embedded.redacted();
        assertThat(shown).as("%s: %s", embedded.form(), embedded.text()).isEqualTo(embedded.expected());
        assertNoPiece(shown, embedded.text(), embedded.from(), embedded.to(), embedded.form());
    }

    @Property(tries = 2000)
    void noPieceShowsWhenTheTextAroundIsDamaged(@ForAll("passwords") String password, @ForAll("forms") Form form,
            @ForAll("damages") List<Damage> damages) {
        Embedded clean = form.embed().apply(password);
        Embedded embedded = form.isUri() && damages.size() % 2 == 0 ? clean.inMessage() : clean;
        StringBuilder text = new StringBuilder(embedded.text());
        int frameFrom = embedded.frameFrom();
        int frameTo = embedded.frameTo();
        frameFrom = protectedFrom(embedded, form);
        for (Damage damage : damages) {
            int outside = frameFrom + (text.length() - frameTo);
            int at = (int) (damage.where() * outside);
            int position = at <= frameFrom ? at : frameTo + (at - frameFrom);
            boolean before = position <= frameFrom;
            int shift;
            if (damage.how() == 0 || position >= text.length() || position == frameFrom) {
                text.insert(position, damage.what());
                shift = 1;
            } else if (damage.how() == 1) {
                text.deleteCharAt(position);
                shift = -1;
            } else {
                text.setCharAt(position, damage.what());
                shift = 0;
            }
            if (before) {
                frameFrom += shift;
                frameTo += shift;
            }
        }
        int from = frameFrom + (embedded.from() - protectedFrom(embedded, form));
        int to = from + (embedded.to() - embedded.from());
        String damaged = text.toString();
        assertThat(damaged.substring(from, to)).isEqualTo(embedded.written());
        String shown = embedded.freeText() ? DatomicUri.redact(damaged) : Redaction.uri(damaged);
        assertNoPiece(shown, damaged, from, to, embedded.form() + ", damaged");
        if (!embedded.freeText()) {
            String parsed;
            try {
                parsed = DatomicUri.parse(damaged).toString();
            } catch (IllegalArgumentException e) {
                parsed = e.getMessage();
            }
            assertNoPiece(parsed, damaged, from, to, embedded.form() + ", damaged, parsed");
        }
    }

    /**
     * Where the part of the text that says how the password is delimited starts: its key, the
     * line break before a line form's key, or {@code jdbc:sqlserver://} (which says that ';' and
     * not '&' ends a value).
     */
    private static int protectedFrom(Embedded embedded, Form form) {
        if (embedded.freeText() && !form.isUri()) {
            return Math.max(0, embedded.text().lastIndexOf("\n", embedded.frameFrom() - 1));
        }
        int sqlServer = embedded.text().lastIndexOf("jdbc:sqlserver://", embedded.frameFrom());
        return sqlServer >= 0 ? sqlServer : embedded.frameFrom();
    }

    /**
     * Fails if {@code shown} holds {@value #WINDOW} consecutive characters of the password written
     * at {@code [from, to)} of {@code text} that the rest of the text does not also hold (there,
     * they can be shown by chance).
     */
    static void assertNoPiece(String shown, String text, int from, int to, String what) {
        String rest = text.substring(0, from) + "\u0000" + text.substring(to);
        String visible = shown.replace(Redaction.MASK, "\u0001");
        String written = text.substring(from, to);
        for (int i = 0; i + WINDOW <= written.length(); i++) {
            String window = written.substring(i, i + WINDOW);
            if (!rest.contains(window)) {
                assertThat(visible).as("%s: %s shows a piece of %s", what, text, written).doesNotContain(window);
            }
        }
    }
}

package dev.datomickit.migrations;

import clojure.lang.IDeref;
import clojure.lang.Keyword;
import clojure.lang.PersistentVector;
import clojure.lang.Symbol;
import datomic.Database;
import datomic.Peer;
import datomic.functions.Fn;
import dev.datomickit.core.Edn;
import dev.datomickit.core.Kw;
import dev.datomickit.core.Tx;
import dev.datomickit.core.TxSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A database function written in Clojure, defined from Java: what Datomic stores under
 * {@code :db/fn} and runs inside transactions, on the transactor.
 *
 * <pre>{@code
 * DatabaseFunction lowercase = DatabaseFunction.clojure("myapp/lowercase-emails")
 *         .params("db")
 *         .requires("[datomic.api :as d]", "[clojure.string :as str]")
 *         .code("""
 *               (for [[user email] (d/q '[:find ?u ?e :where [?u :user/email ?e]] db)
 *                     :when (not= email (str/lower-case email))]
 *                 [:db/add user :user/email (str/lower-case email)])""")
 *         .build();
 *
 * Migration install = Migration.data("2024-06-01 install lowercase-emails", lowercase.txData());
 * Migration run = Migration.call("2024-06-01 lowercase emails", lowercase.ident())
 *         .requires(install.name());
 * }</pre>
 *
 * <p>A transaction function receives the database value before the transaction as its first
 * parameter and returns transaction data, which Datomic then applies in the same transaction; it
 * may also throw to abort the transaction. {@link Builder#build()} compiles the code, so a syntax error or
 * an unresolved symbol fails at definition, naming the function, rather than in the first
 * transaction that calls it.
 *
 * <p>Immutable; equal when the ident, documentation and definition (language, parameters,
 * requires, imports, code) are equal.
 */
public final class DatabaseFunction implements TxSource {

    private static final Keyword DB_IDENT = Kw.of("db/ident");
    private static final Keyword DB_FN = Kw.of("db/fn");
    private static final Keyword DB_DOC = Kw.of("db/doc");
    private static final Keyword FNREF = Keyword.intern("fnref");

    private final Keyword ident;
    private final List<String> params;
    private final List<String> requires;
    private final List<String> imports;
    private final String code;
    private final String doc;
    private final Fn function;
    private final String definition;

    private DatabaseFunction(Builder builder, Fn function) {
        this.ident = builder.ident;
        this.params = List.copyOf(builder.params);
        this.requires = List.copyOf(builder.requires);
        this.imports = List.copyOf(builder.imports);
        this.code = builder.code;
        this.doc = builder.doc;
        this.function = function;
        this.definition = Canonical.text(function, "Database function " + ident);
    }

    /**
     * Starts defining a database function written in Clojure.
     *
     * @param ident the function's ident, as a keyword or its text ({@code "myapp/lowercase-emails"})
     * @return a builder
     * @throws IllegalArgumentException if the ident is malformed
     */
    public static Builder clojure(Object ident) {
        return new Builder(Kw.from(ident));
    }

    /**
     * Returns the function's ident, under which transactions call it.
     *
     * @return the ident
     */
    public Keyword ident() {
        return ident;
    }

    /**
     * Returns the parameter names, the database first.
     *
     * @return the parameters
     */
    public List<String> params() {
        return params;
    }

    /**
     * Returns the Clojure code of the function's body.
     *
     * @return the code
     */
    public String code() {
        return code;
    }

    /**
     * Returns the transaction data that installs the function: one entity with its ident, the
     * function and, if given, its documentation. Transacting it again with a changed definition
     * replaces the function.
     *
     * @return the statements
     */
    @Override
    public List<Map<Keyword, Object>> txData() {
        Map<Keyword, Object> entity = new LinkedHashMap<>();
        entity.put(DB_IDENT, ident);
        entity.put(DB_FN, function);
        if (doc != null) {
            entity.put(DB_DOC, doc);
        }
        return List.of(java.util.Collections.unmodifiableMap(entity));
    }

    /**
     * Returns a statement that calls the function in a transaction: {@code [ident arg…]}.
     *
     * @param args the arguments after the database, which Datomic passes first
     * @return the statement
     */
    public List<Object> call(Object... args) {
        return Tx.call(ident, args);
    }

    /**
     * Tells whether {@code db} holds this function, with the same language, parameters, requires,
     * imports and code.
     *
     * @param db the database value to read
     * @return {@code true} if this definition is installed under the ident
     */
    public boolean isInstalledIn(Database db) {
        if (db.entid(ident) == null) {
            return false;
        }
        Object installed = db.entity(ident).get(DB_FN);
        if (!(installed instanceof Fn fn)) {
            return false;
        }
        try {
            return Canonical.text(fn, "Database function " + ident).equals(definition);
        } catch (IllegalArgumentException e) {
            return false; // not a definition this class could have built
        }
    }

    /** The Datomic function object, as stored under {@code :db/fn}. */
    Fn function() {
        return function;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DatabaseFunction that && ident.equals(that.ident) && definition.equals(that.definition)
                && Objects.equals(doc, that.doc);
    }

    @Override
    public int hashCode() {
        return Objects.hash(ident, definition, doc);
    }

    /**
     * Describes the function, such as {@code DatabaseFunction[:myapp/lowercase-emails [db]]}.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return "DatabaseFunction[" + ident + " [" + String.join(" ", params) + "]]";
    }

    /**
     * Defines a {@link DatabaseFunction}; not thread-safe, and each call returns this builder.
     */
    public static final class Builder {

        private final Keyword ident;
        private final List<String> params = new ArrayList<>();
        private final List<String> requires = new ArrayList<>();
        private final List<String> imports = new ArrayList<>();
        private String code;
        private String doc;

        private Builder(Keyword ident) {
            this.ident = ident;
        }

        /**
         * Sets the parameter names; a transaction function's first parameter receives the database.
         *
         * @param names the names, such as {@code "db"}, {@code "email"}
         * @return this builder
         */
        public Builder params(String... names) {
            params.clear();
            params.addAll(List.of(names));
            return this;
        }

        /**
         * Adds namespaces the code requires, each as in a Clojure {@code ns} form:
         * {@code "[clojure.string :as str]"}, {@code "[datomic.api :as d]"}.
         *
         * @param specs the require specs
         * @return this builder
         */
        public Builder requires(String... specs) {
            requires.addAll(List.of(specs));
            return this;
        }

        /**
         * Adds Java classes the code imports, each as in a Clojure {@code ns} form:
         * {@code "java.util.UUID"} or {@code "[java.util Date UUID]"}.
         *
         * @param specs the import specs
         * @return this builder
         */
        public Builder imports(String... specs) {
            imports.addAll(List.of(specs));
            return this;
        }

        /**
         * Sets the Clojure code of the function's body, in which the parameters are bound.
         *
         * @param code the code
         * @return this builder
         */
        public Builder code(String code) {
            this.code = code;
            return this;
        }

        /**
         * Sets the function's documentation, stored as {@code :db/doc}.
         *
         * @param doc the documentation
         * @return this builder
         */
        public Builder doc(String doc) {
            this.doc = doc;
            return this;
        }

        /**
         * Builds the function and compiles its code, which is not run.
         *
         * @return the function
         * @throws IllegalArgumentException naming the function, if there is no code, a parameter is
         *     not a simple symbol, a parameter or a require or import spec is not exactly one EDN
         *     form (text after the form is refused, not dropped) or nests deeper than
         *     {@value Edn#MAX_DEPTH} levels, the code nests deeper than {@value Edn#MAX_DEPTH}
         *     levels, or the code does not compile (a syntax error, an unresolved symbol, a
         *     namespace or class that cannot be loaded)
         */
        public DatabaseFunction build() {
            if (code == null || code.isBlank()) {
                throw problem("has no code; set it with code(…)", null);
            }
            if (params.isEmpty()) {
                throw problem("has no parameters; a transaction function receives the database first: params(\"db\", …)",
                        null);
            }
            List<Symbol> symbols = new ArrayList<>();
            for (String param : params) {
                if (!(read(param, "parameter") instanceof Symbol symbol) || symbol.getNamespace() != null) {
                    throw problem("parameter \"" + param + "\" is not a simple symbol such as \"db\"", null);
                }
                symbols.add(symbol);
            }
            checkCodeDepth();
            Map<Keyword, Object> definition = new LinkedHashMap<>();
            definition.put(Keyword.intern("lang"), "clojure");
            definition.put(Keyword.intern("params"), PersistentVector.create(symbols));
            definition.put(Keyword.intern("requires"), forms(requires, "require spec"));
            definition.put(Keyword.intern("imports"), forms(imports, "import spec"));
            definition.put(Keyword.intern("code"), code);
            Fn function = Peer.function(definition);
            compile(function);
            return new DatabaseFunction(this, function);
        }

        private List<Object> forms(List<String> specs, String what) {
            List<Object> forms = new ArrayList<>();
            for (String spec : specs) {
                forms.add(read(spec, what));
            }
            return PersistentVector.create(forms);
        }

        /**
         * Reads one EDN form of a parameter or spec: at most {@value Edn#MAX_DEPTH} levels deep, and
         * nothing after it.
         */
        private Object read(String text, String what) {
            return Edn.read(Objects.requireNonNull(text, what), "Database function " + ident + " " + what + " "
                    + Edn.show(text));
        }

        /**
         * Refuses code nesting lists, vectors, maps and sets deeper than {@value Edn#MAX_DEPTH}
         * levels before Clojure's reader and compiler, which recurse, see it. Strings, character
         * literals and comments are skipped, so a bracket inside them does not count.
         */
        private void checkCodeDepth() {
            int depth = 0;
            int line = 1;
            int column = 0;
            for (int i = 0, n = code.length(); i < n; i++) {
                char c = code.charAt(i);
                column++;
                if (c == '\n') {
                    line++;
                    column = 0;
                } else if (c == '"') {
                    for (i++; i < n && code.charAt(i) != '"'; i++) {
                        if (code.charAt(i) == '\\') {
                            i++;
                        } else if (code.charAt(i) == '\n') {
                            line++;
                            column = 0;
                        }
                    }
                } else if (c == '\\') {
                    i++; // a character literal such as \( : its character is not syntax
                } else if (c == ';') {
                    while (i + 1 < n && code.charAt(i + 1) != '\n') {
                        i++;
                    }
                } else if (c == '(' || c == '[' || c == '{') {
                    if (++depth > Edn.MAX_DEPTH) {
                        throw problem("code nests deeper than " + Edn.MAX_DEPTH + " levels (line " + line + ", column "
                                + column + "), the most datomic-kit compiles", null);
                    }
                } else if (c == ')' || c == ']' || c == '}') {
                    depth = Math.max(0, depth - 1);
                }
            }
        }

        /** Datomic compiles a function on first call; its {@code :fnref} delay compiles it without running it. */
        private void compile(Fn function) {
            if (function instanceof Map<?, ?> map && map.get(FNREF) instanceof IDeref compiled) {
                try {
                    compiled.deref();
                } catch (Exception | LinkageError e) {
                    // Clojure throws checked exceptions undeclared, such as a FileNotFoundException for a missing namespace.
                    throw problem("does not compile: " + rootMessage(e), e);
                }
            }
        }

        private static String rootMessage(Throwable e) {
            StringBuilder message = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause()) {
                String text = t instanceof ClassNotFoundException ? "cannot find class " + t.getMessage() : t.getMessage();
                if (t.getMessage() != null && message.indexOf(t.getMessage()) < 0) {
                    message.append(message.length() == 0 ? "" : ": ").append(text);
                }
            }
            return message.toString();
        }

        private IllegalArgumentException problem(String what, Throwable cause) {
            return new IllegalArgumentException("Database function " + ident + " " + what, cause);
        }
    }
}

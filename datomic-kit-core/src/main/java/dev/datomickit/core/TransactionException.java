package dev.datomickit.core;

import clojure.lang.IExceptionInfo;
import clojure.lang.Keyword;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Datomic refused a transaction; nothing was written.
 *
 * <p>Carries Datomic's error keyword (such as {@code :db.error/unique-conflict}), the data Datomic
 * attached to the error, and Datomic's exception as the cause. The message keeps Datomic's own
 * text, which names the attribute and values involved.
 *
 * <pre>{@code
 * try {
 *     Tx.transact(conn, data);
 * } catch (TransactionException e) {
 *     if (e.is("db.error/unique-conflict")) {
 *         // answer 409
 *     }
 * }
 * }</pre>
 */
public final class TransactionException extends DatomicKitException {

    private static final long serialVersionUID = 1L;
    private static final Keyword DB_ERROR = Kw.of("db/error");
    private static final Keyword ANOMALY_MESSAGE = Kw.of("cognitect.anomalies/message");

    private final transient Keyword error;
    private final transient Map<Object, Object> data;

    private TransactionException(String message, Keyword error, Map<Object, Object> data, Throwable cause) {
        super(message, cause);
        this.error = error;
        this.data = data;
    }

    /**
     * Returns Datomic's error keyword, such as {@code :db.error/unique-conflict} or
     * {@code :db.error/cas-failed}.
     *
     * @return the error keyword; empty when the failure carried none (for example an exception
     *     thrown by a transaction function)
     */
    public Optional<Keyword> error() {
        return Optional.ofNullable(error);
    }

    /**
     * Tells whether Datomic's error keyword is {@code errorKeyword}.
     *
     * @param errorKeyword the keyword or its text, such as {@code "db.error/unique-conflict"}
     * @return {@code true} if this failure carries that error keyword
     */
    public boolean is(Object errorKeyword) {
        return error != null && error.equals(Kw.from(errorKeyword));
    }

    /**
     * Returns the data Datomic (or a transaction function's {@code ex-info}) attached to the error,
     * for example {@code :entity} or {@code :datom}.
     *
     * @return the error data; empty if there was none
     */
    public Map<Object, Object> data() {
        return data;
    }

    /**
     * The first statement too short for its operation, described. Datomic refuses one without an
     * error keyword and with a message from its internals ("Index 3 out of bounds for length 3",
     * "Wrong number of args (1) passed to: clojure.core/eval…/fn…") that names no statement.
     */
    private static String misshapen(List<?> txData) {
        for (int i = 0; i < txData.size(); i++) {
            if (!(txData.get(i) instanceof List<?> statement)) {
                continue;
            }
            String expected = statement.isEmpty() ? null : switch (String.valueOf(statement.get(0))) {
                case ":db/add" -> statement.size() < 4 ? ":db/add takes an entity, an attribute and a value" : null;
                case ":db/retract" -> statement.size() < 3 ? ":db/retract takes an entity, an attribute and a value (or none)" : null;
                case ":db/retractEntity" -> statement.size() < 2 ? ":db/retractEntity takes an entity" : null;
                case ":db/cas" -> statement.size() < 5
                        ? ":db/cas takes an entity, an attribute, the expected value and the new one" : null;
                default -> null;
            };
            if (statement.isEmpty()) {
                expected = "expected an operation such as [:db/add entity attribute value] or a function call";
            }
            if (expected != null) {
                return "statement " + i + ", " + Edn.show(statement) + ", is " + (statement.isEmpty() ? "empty" : "too short")
                        + "; " + expected;
            }
        }
        return null;
    }

    static TransactionException from(Throwable failure, List<?> txData) {
        IExceptionInfo info = findInfo(failure);
        @SuppressWarnings("unchecked")
        Map<Object, Object> data = info == null ? Map.of() : Collections.unmodifiableMap((Map<Object, Object>) info.getData());
        Keyword error = data.get(DB_ERROR) instanceof Keyword k ? k : null;
        String datomicMessage = data.get(ANOMALY_MESSAGE) instanceof String m ? m
                : info instanceof Throwable t && t.getMessage() != null ? t.getMessage()
                : String.valueOf(failure.getMessage());
        StringBuilder message = new StringBuilder("Transaction of ").append(txData.size())
                .append(txData.size() == 1 ? " statement" : " statements").append(" failed: ");
        if (error != null) {
            message.append(error).append(' ');
        }
        String misshapen = error == null ? misshapen(txData) : null;
        if (misshapen != null) {
            message.append(misshapen).append(" (Datomic: ").append(datomicMessage).append(')');
        } else {
            message.append(datomicMessage);
        }
        if (error == null && !data.isEmpty()) {
            message.append(' ').append(Edn.show(data));
        }
        return new TransactionException(message.toString(), error, data, failure);
    }

    private static IExceptionInfo findInfo(Throwable failure) {
        IExceptionInfo first = null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IExceptionInfo info) {
                if (info.getData() != null && info.getData().containsKey(DB_ERROR)) {
                    return info;
                }
                if (first == null) {
                    first = info;
                }
            }
        }
        return first;
    }
}

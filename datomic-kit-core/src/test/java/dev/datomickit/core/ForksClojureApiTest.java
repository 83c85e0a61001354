package dev.datomickit.core;

import static org.assertj.core.api.Assertions.assertThat;

import clojure.java.api.Clojure;
import clojure.lang.IFn;
import datomic.Connection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Code written against Clojure's {@code datomic.api} cannot tell a fork from a peer connection: the
 * same program, run on each, observes the same things.
 */
class ForksClojureApiTest {

    /** Exercises the connection through datomic.api and returns what it saw. */
    private static final String PROGRAM = """
            (fn [conn]
              (let [q        (d/tx-report-queue conn)
                    r1       @(d/transact conn [{:user/email "a@example.com" :user/name "A"}])
                    r2       (deref (d/transact-async conn [{:db/id "b" :user/email "b@example.com"}]) 1000 :timeout)
                    bad      (d/transact conn [[:db/add "x" :user/emial "typo"]])
                    failure  (try @bad :no-failure
                                  (catch java.util.concurrent.ExecutionException e
                                    (-> e .getCause ex-data :db/error)))
                    listened (promise)
                    _        (d/add-listener bad #(deliver listened :ran)
                                             (reify java.util.concurrent.Executor (execute [_ r] (.run r))))
                    db       (d/db conn)
                    since    (d/basis-t (:db-before r1))
                    log      (d/tx-range (d/log conn) (inc since) nil)
                    spec     (d/with db [{:user/email "c@example.com"}])]
                {:report-keys  (set (keys r1))
                 :tempids      (set (filter string? (keys (:tempids r2))))
                 :same-db      (= (:db-after r2) db)
                 :realized     (realized? bad)
                 :failure      failure
                 :listener     (deref listened 1000 :not-run)
                 :emails       (d/q '[:find ?email :where [_ :user/email ?email]] db)
                 :pulled       (d/pull db [:user/name] [:user/email "a@example.com"])
                 :entity       (:user/name (d/entity db [:user/email "a@example.com"]))
                 :queued       [(= r1 (.poll q)) (= r2 (.poll q)) (.poll q)]
                 :log          (map #(count (:data %)) log)
                 :log-keys     (set (mapcat keys log))
                 :with         (:user/email (d/entity (:db-after spec) [:user/email "c@example.com"]))
                 :after-with   (d/entid (d/db conn) [:user/email "c@example.com"])
                 :synced       (= (d/basis-t @(d/sync conn)) (d/basis-t db))
                 :history      (count (d/q '[:find ?v :where [_ :user/email ?v _ true]] (d/history db)))
                 :as-of        (d/q '[:find ?e :where [?e :user/email "b@example.com"]] (d/as-of db (inc since)))}))
            """;

    private static IFn program;

    @BeforeAll
    static void loadProgram() {
        Clojure.var("clojure.core", "require").invoke(Clojure.read("datomic.api"));
        IFn loadString = Clojure.var("clojure.core", "load-string");
        program = (IFn) loadString.invoke("(ns dev.datomickit.core.forks-clojure-api-test (:require [datomic.api :as d]))\n"
                + PROGRAM);
    }

    @Test
    void aForkAndAPeerConnectionLookTheSameThroughDatomicApi() {
        Connection peer = TestDatabases.createWithSchema();
        Connection fork = Forks.fork(TestDatabases.createWithSchema());

        Map<?, ?> onPeer = (Map<?, ?>) program.invoke(peer);
        Map<?, ?> onFork = (Map<?, ?>) program.invoke(fork);

        assertThat(onFork).isEqualTo(onPeer);
        // And what they saw is what a peer connection shows, not two equal mistakes.
        assertThat(onPeer.get(Clojure.read(":failure"))).isEqualTo(Kw.of("db.error/not-an-entity"));
        assertThat(onPeer.get(Clojure.read(":tempids"))).isEqualTo(Clojure.read("#{\"b\"}"));
        assertThat(onPeer.get(Clojure.read(":log"))).isEqualTo(List.of(3, 2)); // datoms per transaction
        assertThat(onPeer.get(Clojure.read(":queued"))).isEqualTo(Clojure.read("[true true nil]"));
        assertThat(onPeer.get(Clojure.read(":after-with"))).isNull();
        assertThat(onPeer.get(Clojure.read(":as-of"))).isEqualTo(Clojure.read("#{}"));
    }
}

package dev.datomickit.core.view;

import clojure.lang.Keyword;
import datomic.Database;
import datomic.Entity;
import dev.datomickit.core.Kw;
import dev.datomickit.core.SchemaModel;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A typed view of entities: a Java interface whose methods read attributes, backed by
 * {@link Entity}.
 *
 * <pre>{@code
 * interface User extends EntityView {
 *     String email();                                  // :user/email
 *     Optional<String> name();                         // :user/name, may be absent
 *     Role role();                                     // :user/role, an enum ref, as a Java enum
 *     Set<User> friends();                             // :user/friends, refs as views
 *     @Attribute("post/_author") List<Post> posts();   // reverse ref, ordered by entity id
 *     default String greeting() { return "Hello " + name().orElse(email()); }
 * }
 *
 * ViewType<User> users = ViewType.of(User.class);
 * User alice = users.wrap(Entities.get(db, "user/email", "alice@example.com"));
 * }</pre>
 *
 * <p><b>Mapping.</b> A method reads the attribute named by {@link Attribute @Attribute}, or by
 * convention {@code :namespace/methodName} or its kebab-case form ({@code firstName()} reads
 * {@code :user/firstName} or {@code :user/first-name}, whichever exists; a boolean
 * {@code active()} or {@code isActive()} also finds {@code :user/active?}). The namespace is
 * {@link Namespace @Namespace}'s, or the interface's simple name with a lower-case first letter.
 *
 * <p><b>Return types.</b> Scalars as Datomic holds them ({@code String}, {@code long}, {@code double},
 * {@code BigDecimal}, {@code UUID}, …) with {@code BigInteger} for bigint and {@code Date} or
 * {@code Instant} for instants; {@code Keyword} or a Java enum for keywords and enum refs; another view
 * interface or {@code Entity} for refs; {@code List} for a tuple; {@code Optional} of any of these
 * when the attribute may be absent (a reference type returns {@code null}, a primitive throws);
 * {@code Set}, {@code List} (ordered by entity id or value) or {@code Collection} of them for
 * cardinality-many attributes and reverse refs. Default methods run as written.
 *
 * <p><b>Checks.</b> The interface is checked when the type is first used: {@link #of(Class)}
 * checks its methods and the view interfaces they reach; {@link #wrap} checks every method against
 * the attributes of the entity's database, and {@link #of(Class, SchemaModel)} against a schema
 * model, reporting every mismatch at once as an {@link InvalidViewException}. A method never fails
 * on first call for want of an attribute, nor with a {@code ClassCastException}.
 *
 * <p>The check's result records what it relied on: each attribute's ident, value type, cardinality
 * and component flag, and the names a convention tried and did not find. A {@code wrap} in another
 * database value checks those facts again (one attribute lookup each; nothing when the value is the
 * very one last checked) and checks the interface anew if one differs. So an attribute renamed and
 * re-created, altered to cardinality many, or defined differently by two forks of one database,
 * gives an {@link InvalidViewException} naming it where the interface no longer fits: neither a
 * database id nor a basis t tells schemas apart. The last database checked is held weakly.
 *
 * <p>Views are equal when their types and entity ids are; {@code toString} shows the type and id.
 * A view type is thread-safe, and views are as immutable as the database value they read.
 *
 * @param <T> the view interface
 */
public final class ViewType<T> {

    private static final ClassValue<ViewType<?>> TYPES = new ClassValue<>() {
        @Override
        protected ViewType<?> computeValue(Class<?> type) {
            return new ViewType<>(type);
        }
    };

    private final Class<T> type;
    private final List<ViewMethod> methods;
    private final List<String> structureProblems;
    private volatile boolean graphChecked;
    /** The bindings last used, and the database value they were last checked against. */
    private volatile Checked checked;
    private final Map<Method, MethodHandle> defaultMethods = new ConcurrentHashMap<>();

    private ViewType(Class<T> type) {
        this.type = type;
        List<String> problems = new ArrayList<>();
        Namespace annotation = type.getAnnotation(Namespace.class);
        if (annotation != null && !Kw.isValid(annotation.value() + "/x")) {
            problems.add(type.getSimpleName() + ": @Namespace(\"" + annotation.value()
                    + "\") is not a valid keyword namespace");
        }
        List<ViewMethod> analysed = new ArrayList<>();
        for (Method method : viewMethods(type)) {
            // An inherited method keeps the namespace of the interface that declares it.
            ViewMethod viewMethod = ViewMethod.analyse(method, namespaceOf(method.getDeclaringClass()), problems);
            if (viewMethod != null) {
                analysed.add(viewMethod);
            }
        }
        this.methods = Collections.unmodifiableList(analysed);
        this.structureProblems = Collections.unmodifiableList(problems);
    }

    /**
     * Returns the view type of an interface, checking its methods and those of the view interfaces
     * it reaches through refs.
     *
     * @param type the view interface
     * @param <T> the view interface
     * @return the view type (one per interface)
     * @throws IllegalArgumentException if {@code type} is not an interface
     * @throws InvalidViewException if a method cannot be a view method (parameters, an unsupported
     *     return type, a malformed {@code @Attribute}), listing every problem
     */
    @SuppressWarnings("unchecked")
    public static <T> ViewType<T> of(Class<T> type) {
        Objects.requireNonNull(type, "type");
        if (!type.isInterface() || type.isAnnotation()) {
            throw new IllegalArgumentException(type.getName() + " is not an interface; a view type is an interface"
                    + " whose methods read attributes");
        }
        ViewType<T> viewType = (ViewType<T>) TYPES.get(type);
        viewType.checkStructure();
        return viewType;
    }

    /**
     * Returns the view type of an interface, checked against a schema model as well: every method
     * must find its attribute in {@code model} with a value type and cardinality its return type
     * can hold.
     *
     * @param type the view interface
     * @param model the schema to check against, such as the schema an application installs
     * @param <T> the view interface
     * @return the view type
     * @throws InvalidViewException if the interface does not fit the model, listing every problem
     */
    public static <T> ViewType<T> of(Class<T> type, SchemaModel model) {
        Objects.requireNonNull(model, "model");
        ViewType<T> viewType = of(type);
        viewType.bind(model);
        return viewType;
    }

    /**
     * Returns the view interface.
     *
     * @return the interface this type implements
     */
    public Class<T> type() {
        return type;
    }

    /**
     * Returns a view of {@code entity}. The first view made for a database checks the interface
     * against that database's attributes.
     *
     * @param entity the entity to read
     * @return the view
     * @throws InvalidViewException if the interface does not fit the entity's database
     */
    public T wrap(Entity entity) {
        Objects.requireNonNull(entity, "entity");
        return proxy(bindingsFor(entity.db()), entity);
    }

    /**
     * Returns a view of the entity {@code entityId} of {@code db}.
     *
     * @param db the database value to read
     * @param entityId an entity id, lookup ref or ident
     * @return the view
     * @throws InvalidViewException if the interface does not fit the database
     */
    public T wrap(Database db, Object entityId) {
        return wrap(db.entity(entityId));
    }

    /**
     * Returns views of {@code entities}, in order.
     *
     * @param entities the entities, for example from {@code Entities.withAttribute}
     * @return the views
     * @throws InvalidViewException if the interface does not fit the entities' database
     */
    public List<T> wrapAll(Collection<? extends Entity> entities) {
        List<T> views = new ArrayList<>(entities.size());
        for (Entity entity : entities) {
            views.add(wrap(entity));
        }
        return Collections.unmodifiableList(views);
    }

    /**
     * Returns the attribute each method reads in {@code model}, for documentation and debugging.
     *
     * @param model the schema to resolve names in, such as {@code SchemaModel.of(db)}
     * @return method names to attribute idents, in method name order
     * @throws InvalidViewException if the interface does not fit the model
     */
    public Map<String, String> attributes(SchemaModel model) {
        Map<String, String> out = new LinkedHashMap<>();
        bind(model).get(this).values().stream().sorted(Comparator.comparing(a -> a.method.getName()))
                .forEach(a -> out.put(a.method.getName(), a.attribute.toString()));
        return out;
    }

    /**
     * Describes the view type.
     *
     * @return for example {@code ViewType[com.example.User]}
     */
    @Override
    public String toString() {
        return "ViewType[" + type.getName() + "]";
    }

    /**
     * The accessors of every view type reachable from one, bound to one database's schema, with
     * the schema facts the binding relied on: every attribute looked up, and what it was (or that
     * it was absent, for the names a convention tried and did not find).
     */
    static final class Bindings {
        private final Map<ViewType<?>, Map<Method, Accessor>> accessors;
        private final Keyword[] factIdents;
        private final List<Optional<SchemaModel.Attribute>> facts;

        Bindings(Map<ViewType<?>, Map<Method, Accessor>> accessors, Map<Keyword, Optional<SchemaModel.Attribute>> facts) {
            this.accessors = accessors;
            this.factIdents = facts.keySet().toArray(new Keyword[0]);
            this.facts = List.copyOf(facts.values());
        }

        Map<Method, Accessor> accessors(ViewType<?> type) {
            return accessors.get(type);
        }

        /** Whether every attribute looked up when binding is the same in {@code db}, and every name not found still absent. */
        boolean holdFor(Database db) {
            SchemaModel model = SchemaModel.of(db);
            for (int i = 0; i < factIdents.length; i++) {
                if (!model.lookup(factIdents[i]).equals(facts.get(i))) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * Bindings and the database they were last found valid for, held weakly so that a view type,
     * which lives as long as its interface, never keeps a fork's memory alive.
     */
    private record Checked(Bindings bindings, WeakReference<Database> db) {}

    /** A schema model that remembers what it was asked and answered. */
    private static final class Recording implements SchemaModel {
        private final SchemaModel model;
        final Map<Keyword, Optional<SchemaModel.Attribute>> seen = new LinkedHashMap<>();

        Recording(SchemaModel model) {
            this.model = model;
        }

        @Override
        public Optional<SchemaModel.Attribute> lookup(Keyword ident) {
            return seen.computeIfAbsent(ident, model::lookup);
        }

        @Override
        public String toString() {
            return model.toString();
        }
    }

    /**
     * A default method of the interface, callable on a proxy. InvocationHandler.invokeDefault
     * would refuse a package-private interface of another package, which views usually are.
     */
    MethodHandle defaultMethod(Method method) {
        return defaultMethods.computeIfAbsent(method, m -> {
            Class<?> declaring = m.getDeclaringClass();
            try {
                return MethodHandles.privateLookupIn(declaring, MethodHandles.lookup()).unreflectSpecial(m, declaring);
            } catch (IllegalAccessException e) {
                throw new InvalidViewException(type, "Datomic views", List.of(ViewMethod.where(m)
                        + ": the default method cannot be called from datomic-kit, which has no access to it; in a"
                        + " named module, open the package of " + declaring.getName() + " to dev.datomickit.core"));
            }
        });
    }

    private T proxy(Bindings current, Entity entity) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                new ViewHandler(this, current, entity)));
    }

    /**
     * The bindings for {@code db}: the last ones, if {@code db} is the very database value they were
     * last checked against, or if every attribute they were bound from is unchanged in {@code db};
     * else new ones bound in {@code db}, which fail as an {@link InvalidViewException} if the
     * interface no longer fits. Neither a database id nor a basis t would do: forks of one database
     * share both, and a schema change keeps the id.
     */
    private Bindings bindingsFor(Database db) {
        Checked current = checked;
        if (current != null && current.db().get() == db) {
            return current.bindings();
        }
        Bindings valid;
        if (current != null && current.bindings().holdFor(db)) {
            valid = current.bindings();
        } else {
            Recording model = new Recording(SchemaModel.of(db));
            valid = new Bindings(bind(model), model.seen);
        }
        Checked fresh = new Checked(valid, new WeakReference<>(db));
        // Every view type reached is bound for this database too, so nested views need no check.
        for (ViewType<?> reached : valid.accessors.keySet()) {
            reached.checked = fresh;
        }
        return valid;
    }

    private Map<ViewType<?>, Map<Method, Accessor>> bind(SchemaModel model) {
        Map<ViewType<?>, Map<Method, Accessor>> bound = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (ViewType<?> reached : reachable()) {
            Map<Method, Accessor> accessors = new HashMap<>();
            for (ViewMethod method : reached.methods) {
                Accessor accessor = method.bind(model, problems);
                if (accessor != null) {
                    accessors.put(method.method, accessor);
                }
            }
            bound.put(reached, accessors);
        }
        if (!problems.isEmpty()) {
            throw new InvalidViewException(type, String.valueOf(model), problems);
        }
        return bound;
    }

    private void checkStructure() {
        if (graphChecked) {
            return;
        }
        List<String> problems = new ArrayList<>();
        for (ViewType<?> reached : reachable()) {
            problems.addAll(reached.structureProblems);
        }
        if (!problems.isEmpty()) {
            throw new InvalidViewException(type, "Datomic views", problems);
        }
        graphChecked = true;
    }

    /** This type and every view type its methods return, directly or through others. */
    private Set<ViewType<?>> reachable() {
        Set<ViewType<?>> seen = new LinkedHashSet<>();
        Deque<ViewType<?>> todo = new ArrayDeque<>();
        todo.add(this);
        while (!todo.isEmpty()) {
            ViewType<?> next = todo.poll();
            if (seen.add(next)) {
                for (ViewMethod method : next.methods) {
                    if (method.shape.kind() == Shape.Kind.VIEW) {
                        todo.add(TYPES.get(method.shape.type()));
                    }
                }
            }
        }
        return seen;
    }

    private static String namespaceOf(Class<?> type) {
        Namespace annotation = type.getAnnotation(Namespace.class);
        String simple = type.getSimpleName();
        return annotation != null ? annotation.value() : Character.toLowerCase(simple.charAt(0)) + simple.substring(1);
    }

    /** The interface's abstract methods, except those of Object and EntityView. */
    private static List<Method> viewMethods(Class<?> type) {
        List<Method> methods = new ArrayList<>();
        for (Method method : type.getMethods()) {
            if (method.isDefault() || Modifier.isStatic(method.getModifiers())
                    || method.getDeclaringClass() == EntityView.class || overridesObject(method)) {
                continue;
            }
            methods.add(method);
        }
        methods.sort(Comparator.comparing(Method::getName));
        return methods;
    }

    private static boolean overridesObject(Method method) {
        try {
            Object.class.getMethod(method.getName(), method.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}

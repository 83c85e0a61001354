package dev.datomickit.core.view;

import datomic.Entity;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/** Behind each view: the entity, its view type and the accessors bound for the entity's database. */
final class ViewHandler implements InvocationHandler {

    private final ViewType<?> type;
    private final ViewType.Bindings bindings;
    private final Entity entity;
    private final long id;

    ViewHandler(ViewType<?> type, ViewType.Bindings bindings, Entity entity) {
        this.type = type;
        this.bindings = bindings;
        this.entity = entity;
        this.id = ((Number) entity.get(":db/id")).longValue();
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        Accessor accessor = bindings.accessors(type).get(method);
        if (accessor != null) {
            return accessor.read(entity, this);
        }
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> isSameView(args[0]);
                case "hashCode" -> type.type().hashCode() * 31 + Long.hashCode(id);
                case "toString" -> toString();
                default -> throw new IllegalStateException("Proxies dispatch only equals, hashCode and toString");
            };
        }
        if (method.getDeclaringClass() == EntityView.class) {
            return method.getName().equals("entityId") ? (Object) id : entity;
        }
        if (method.isDefault()) {
            return type.defaultMethod(method).bindTo(proxy).invokeWithArguments(args == null ? new Object[0] : args);
        }
        throw new IllegalStateException("No accessor for " + ViewMethod.where(method) + "; the view was checked, so this"
                + " is a bug in datomic-kit");
    }

    /** Views are equal when they have the same view type and the same entity id. */
    private boolean isSameView(Object other) {
        if (other == null || !Proxy.isProxyClass(other.getClass())) {
            return false;
        }
        return Proxy.getInvocationHandler(other) instanceof ViewHandler that && that.type == type && that.id == id;
    }

    Object wrapNested(Class<?> viewType, Entity target) {
        return ViewType.of(viewType).wrap(target);
    }

    /** Orders views and entities by entity id, other values by themselves. */
    static Object sortKey(Object value) {
        if (value != null && Proxy.isProxyClass(value.getClass())
                && Proxy.getInvocationHandler(value) instanceof ViewHandler handler) {
            return handler.id;
        }
        if (value instanceof Entity e) {
            return e.get(":db/id");
        }
        return value;
    }

    @Override
    public String toString() {
        return type.type().getSimpleName() + "[" + id + "]";
    }
}

package io.mqlengine.local.lambda;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.HashMap;
import java.util.Map;

/** Finds the input type a handler class declares for RequestHandler&lt;I, O&gt;, through superclasses and generics. */
final class HandlerTypes {
    private HandlerTypes() {}

    /** The erased input type; Object when it cannot be told. */
    static Class<?> inputType(Class<?> handler) {
        Type found = find(handler, new HashMap<>());
        if (found instanceof Class<?> c) {
            return c;
        }
        if (found instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            return c;
        }
        return Object.class;
    }

    private static Type find(Type type, Map<TypeVariable<?>, Type> outer) {
        Class<?> raw;
        Map<TypeVariable<?>, Type> bindings = new HashMap<>();
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            raw = c;
            TypeVariable<?>[] params = c.getTypeParameters();
            Type[] args = p.getActualTypeArguments();
            for (int i = 0; i < params.length; i++) {
                bindings.put(params[i], args[i] instanceof TypeVariable<?> v ? outer.getOrDefault(v, Object.class) : args[i]);
            }
        } else if (type instanceof Class<?> c) {
            raw = c;
        } else {
            return null;
        }
        if (raw == RequestHandler.class) {
            return bindings.getOrDefault(RequestHandler.class.getTypeParameters()[0], Object.class);
        }
        for (Type parent : raw.getGenericInterfaces()) {
            Type found = find(parent, bindings);
            if (found != null) {
                return found;
            }
        }
        return raw.getGenericSuperclass() == null ? null : find(raw.getGenericSuperclass(), bindings);
    }
}

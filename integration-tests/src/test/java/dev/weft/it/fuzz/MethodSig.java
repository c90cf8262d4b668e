package dev.weft.it.fuzz;

import java.util.List;

/**
 * The signature of one generated {@code @Async} method: {@code Coroutine<returns> name(int d, params...)
 * throws Checked}. {@code d} is the recursion bound: every call of a generated method passes {@code d - 1}
 * and is guarded by {@code d > 0}, and a method calls only itself and methods after it, so every program
 * terminates.
 *
 * @param returns the value type, or null for {@code Coroutine<Void>}
 */
record MethodSig(int index, String name, JType returns, List<JType> params, Owner owner) {

    String coroutineType() {
        return "Coroutine<" + (returns == null ? "Void" : returns.boxed) + ">";
    }

    /**
     * Whether its last parameter is declared {@code int...}: callers still pass an array, but the method is a
     * varargs method.
     */
    boolean varargs() {
        return !params.isEmpty() && params.get(params.size() - 1) == JType.INTS && index % 2 == 1;
    }

    /** Whether a body of method {@code caller} may call this one. */
    boolean callableFrom(MethodSig caller) {
        return index >= caller.index;
    }
}

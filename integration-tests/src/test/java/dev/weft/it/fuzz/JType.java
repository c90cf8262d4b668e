package dev.weft.it.fuzz;

import java.util.Arrays;

/**
 * The types of values a generated program computes with: every primitive type, strings, two helper
 * classes of the generated program ({@code Box}, with an awaitable constructor argument, and the enum
 * {@code Color}), an array type and {@code Object} (which may hold {@code null}).
 */
enum JType {
    BOOLEAN("boolean", "Boolean"),
    BYTE("byte", "Byte"),
    SHORT("short", "Short"),
    CHAR("char", "Character"),
    INT("int", "Integer"),
    LONG("long", "Long"),
    FLOAT("float", "Float"),
    DOUBLE("double", "Double"),
    STRING("String", "String"),
    BOX("Box", "Box"),
    INTS("int[]", "int[]"),
    OBJECT("Object", "Object"),
    COLOR("Color", "Color"),
    /**
     * A promise of an int, held in a local and awaited later, maybe more than once. Only declared by its own
     * statement and read by an await: never shown (its toString is the runtime's), assigned or passed.
     */
    PROMISE("Promise<Integer>", "Promise<Integer>");

    /** The types of values: every type but {@link #PROMISE}. */
    static final JType[] VALUES = Arrays.copyOf(values(), values().length - 1);

    /** The type as written in a declaration. */
    final String java;
    /** The type argument of a {@code Coroutine} of this type. */
    final String boxed;

    JType(String java, String boxed) {
        this.java = java;
        this.boxed = boxed;
    }

    boolean isNumeric() {
        return ordinal() >= BYTE.ordinal() && ordinal() <= DOUBLE.ordinal();
    }

    boolean isIntegral() {
        return ordinal() >= BYTE.ordinal() && ordinal() <= LONG.ordinal();
    }

    /** byte, short and char: arithmetic on them is done in int and narrowed back. */
    boolean isSmall() {
        return this == BYTE || this == SHORT || this == CHAR;
    }

    boolean isPrimitive() {
        return ordinal() <= DOUBLE.ordinal();
    }

    /** A cast to this type, with a trailing space: {@code "(int) "}. */
    String cast() {
        return "(" + java + ") ";
    }

    /** A random constant of this type, written so that it has exactly this type. */
    String literal(Rand r) {
        switch (this) {
            case BOOLEAN: return r.chance(0.5) ? "true" : "false";
            case BYTE: return "(byte) " + r.pick(0, 1, -1, 7, 127, -128, 100, -3);
            case SHORT: return "(short) " + r.pick(0, 1, -1, 300, 32767, -32768, -7, 12);
            case CHAR: return r.chance(0.85) ? "'" + (char) ('a' + r.below(26)) + "'" : "(char) " + r.pick(0, 65, 200, 65535);
            case INT: return String.valueOf(r.pick(0, 1, -1, 2, 3, 5, 7, 42, -100, 1000, 65536, 2147483647, -2147483647));
            case LONG: return r.pick(0L, 1L, -1L, 3L, 1L << 40, 123456789012L, Long.MAX_VALUE, -5L) + "L";
            case FLOAT: return r.pick("0.0f", "1.5f", "-0.0f", "3.25f", "1e20f", "-7.75f", "0.1f");
            case DOUBLE: return r.pick("0.0", "0.5", "-2.25", "1e10", "-0.0", "3.0", "0.1", "1e-3");
            case STRING: return "\"" + r.pick("a", "b", "c", "xy", "", "hello", "Z9") + "\"";
            case BOX: return "new Box(" + LONG.literal(r) + ", " + STRING.literal(r) + ")";
            case INTS: return r.chance(0.5) ? "new int[] {" + INT.literal(r) + ", " + INT.literal(r) + "}" : "new int[" + r.between(1, 3) + "]";
            case OBJECT: return r.chance(0.5) ? "null" : STRING.literal(r);
            case COLOR: return "Color." + r.pick("RED", "GREEN", "BLUE");
            case PROMISE: return "done(" + INT.literal(r) + ")";
            default: throw new AssertionError(this);
        }
    }

    /** The plainest constant of this type: what the shrinker puts in place of an expression. */
    String simplest() {
        switch (this) {
            case BOOLEAN: return "false";
            case BYTE: return "(byte) 0";
            case SHORT: return "(short) 0";
            case CHAR: return "'a'";
            case INT: return "0";
            case LONG: return "0L";
            case FLOAT: return "0.0f";
            case DOUBLE: return "0.0";
            case STRING: return "\"\"";
            case BOX: return "new Box(0L, \"\")";
            case INTS: return "new int[1]";
            case OBJECT: return "null";
            case COLOR: return "Color.RED";
            case PROMISE: return "done(0)";
            default: throw new AssertionError(this);
        }
    }

    /**
     * How a value of this type is shown in the trace: arrays by their contents, never by their identity hash
     * (which differs from run to run).
     */
    String show(String expr) {
        return this == INTS ? "Arrays.toString(" + expr + ")" : expr;
    }
}

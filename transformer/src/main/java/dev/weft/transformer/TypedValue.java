package dev.weft.transformer;

import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.analysis.Value;

/**
 * A verifier type of a local variable or stack slot: what the JVM's type checker knows about it, which is
 * what the weaver needs to spill and restore it. References carry their exact static type (never merged:
 * at join points the types javac declared in the StackMapTable are taken as they are).
 */
final class TypedValue implements Value {
    enum Kind { TOP, INT, FLOAT, LONG, DOUBLE, NULL, REFERENCE, UNINITIALIZED, UNINITIALIZED_THIS }

    static final TypedValue TOP = new TypedValue(Kind.TOP, null, null);
    static final TypedValue INT = new TypedValue(Kind.INT, Type.INT_TYPE, null);
    static final TypedValue FLOAT = new TypedValue(Kind.FLOAT, Type.FLOAT_TYPE, null);
    static final TypedValue LONG = new TypedValue(Kind.LONG, Type.LONG_TYPE, null);
    static final TypedValue DOUBLE = new TypedValue(Kind.DOUBLE, Type.DOUBLE_TYPE, null);
    static final TypedValue NULL = new TypedValue(Kind.NULL, null, null);
    static final TypedValue UNINITIALIZED_THIS = new TypedValue(Kind.UNINITIALIZED_THIS, null, null);

    final Kind kind;
    /** For primitives and references: the type. */
    final Type type;
    /** For {@link Kind#UNINITIALIZED}: the NEW instruction that made the object. */
    final AbstractInsnNode newInsn;

    private TypedValue(Kind kind, Type type, AbstractInsnNode newInsn) {
        this.kind = kind;
        this.type = type;
        this.newInsn = newInsn;
    }

    static TypedValue reference(Type type) {
        return new TypedValue(Kind.REFERENCE, type, null);
    }

    static TypedValue uninitialized(AbstractInsnNode newInsn) {
        return new TypedValue(Kind.UNINITIALIZED, null, newInsn);
    }

    /** The value a field, method result or parameter of this type has on the stack. */
    static TypedValue of(Type type) {
        switch (type.getSort()) {
            case Type.BOOLEAN:
            case Type.CHAR:
            case Type.BYTE:
            case Type.SHORT:
            case Type.INT:
                return INT;
            case Type.FLOAT:
                return FLOAT;
            case Type.LONG:
                return LONG;
            case Type.DOUBLE:
                return DOUBLE;
            case Type.VOID:
                return null;
            default:
                return reference(type);
        }
    }

    @Override
    public int getSize() {
        return kind == Kind.LONG || kind == Kind.DOUBLE ? 2 : 1;
    }

    boolean isPrimitive() {
        return kind == Kind.INT || kind == Kind.FLOAT || kind == Kind.LONG || kind == Kind.DOUBLE;
    }

    boolean isReference() {
        return kind == Kind.REFERENCE;
    }

    boolean isUninitialized() {
        return kind == Kind.UNINITIALIZED || kind == Kind.UNINITIALIZED_THIS;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TypedValue)) {
            return false;
        }
        TypedValue v = (TypedValue) o;
        return kind == v.kind && java.util.Objects.equals(type, v.type) && newInsn == v.newInsn;
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + (type == null ? 0 : type.hashCode());
    }

    @Override
    public String toString() {
        switch (kind) {
            case REFERENCE:
                return type.getDescriptor();
            case UNINITIALIZED:
                return "uninitialized " + ((org.objectweb.asm.tree.TypeInsnNode) newInsn).desc;
            default:
                return kind.name();
        }
    }
}

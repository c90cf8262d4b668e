package dev.weft.transformer;

import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MultiANewArrayInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.analysis.Interpreter;

import java.util.List;

/**
 * Computes the exact verifier type each instruction produces, without loading any class. It never
 * merges: {@link FrameTracker} takes javac's declared frames at every join point instead.
 */
final class TypedInterpreter extends Interpreter<TypedValue> implements Opcodes {

    TypedInterpreter() {
        super(ASM9);
    }

    @Override
    public TypedValue newValue(Type type) {
        return type == null ? TypedValue.TOP : TypedValue.of(type);
    }

    @Override
    public TypedValue newEmptyValue(int local) {
        return TypedValue.TOP;
    }

    @Override
    public TypedValue newExceptionValue(TryCatchBlockNode tryCatch,
                                        org.objectweb.asm.tree.analysis.Frame<TypedValue> handlerFrame, Type exceptionType) {
        return TypedValue.reference(exceptionType);
    }

    @Override
    public TypedValue newOperation(AbstractInsnNode insn) {
        switch (insn.getOpcode()) {
            case ACONST_NULL:
                return TypedValue.NULL;
            case ICONST_M1: case ICONST_0: case ICONST_1: case ICONST_2: case ICONST_3: case ICONST_4: case ICONST_5:
            case BIPUSH: case SIPUSH:
                return TypedValue.INT;
            case LCONST_0: case LCONST_1:
                return TypedValue.LONG;
            case FCONST_0: case FCONST_1: case FCONST_2:
                return TypedValue.FLOAT;
            case DCONST_0: case DCONST_1:
                return TypedValue.DOUBLE;
            case LDC:
                return constant(((LdcInsnNode) insn).cst);
            case GETSTATIC:
                return TypedValue.of(Type.getType(((FieldInsnNode) insn).desc));
            case NEW:
                return TypedValue.uninitialized(insn);
            default:
                throw new IllegalArgumentException("unsupported instruction " + insn.getOpcode());
        }
    }

    private static TypedValue constant(Object cst) {
        if (cst instanceof Integer) {
            return TypedValue.INT;
        }
        if (cst instanceof Float) {
            return TypedValue.FLOAT;
        }
        if (cst instanceof Long) {
            return TypedValue.LONG;
        }
        if (cst instanceof Double) {
            return TypedValue.DOUBLE;
        }
        if (cst instanceof String) {
            return TypedValue.reference(Type.getObjectType("java/lang/String"));
        }
        if (cst instanceof Type) {
            int sort = ((Type) cst).getSort();
            return TypedValue.reference(Type.getObjectType(sort == Type.METHOD ? "java/lang/invoke/MethodType" : "java/lang/Class"));
        }
        if (cst instanceof Handle) {
            return TypedValue.reference(Type.getObjectType("java/lang/invoke/MethodHandle"));
        }
        if (cst instanceof ConstantDynamic) {
            return TypedValue.of(Type.getType(((ConstantDynamic) cst).getDescriptor()));
        }
        throw new IllegalArgumentException("unsupported constant " + cst);
    }

    @Override
    public TypedValue copyOperation(AbstractInsnNode insn, TypedValue value) {
        return value;
    }

    @Override
    public TypedValue unaryOperation(AbstractInsnNode insn, TypedValue value) {
        switch (insn.getOpcode()) {
            case INEG: case IINC: case L2I: case F2I: case D2I: case I2B: case I2C: case I2S:
            case ARRAYLENGTH: case INSTANCEOF:
                return TypedValue.INT;
            case FNEG: case I2F: case L2F: case D2F:
                return TypedValue.FLOAT;
            case LNEG: case I2L: case F2L: case D2L:
                return TypedValue.LONG;
            case DNEG: case I2D: case L2D: case F2D:
                return TypedValue.DOUBLE;
            case GETFIELD:
                return TypedValue.of(Type.getType(((FieldInsnNode) insn).desc));
            case NEWARRAY:
                return TypedValue.reference(Type.getType("[" + primitiveArrayElement(((IntInsnNode) insn).operand)));
            case ANEWARRAY:
                return TypedValue.reference(Type.getType("[" + Type.getObjectType(((TypeInsnNode) insn).desc).getDescriptor()));
            case CHECKCAST:
                return TypedValue.reference(Type.getObjectType(((TypeInsnNode) insn).desc));
            default:
                return null; // branches, returns, throws, monitors, PUTSTATIC
        }
    }

    private static String primitiveArrayElement(int operand) {
        switch (operand) {
            case T_BOOLEAN: return "Z";
            case T_CHAR: return "C";
            case T_BYTE: return "B";
            case T_SHORT: return "S";
            case T_INT: return "I";
            case T_FLOAT: return "F";
            case T_DOUBLE: return "D";
            case T_LONG: return "J";
            default: throw new IllegalArgumentException("bad NEWARRAY type " + operand);
        }
    }

    @Override
    public TypedValue binaryOperation(AbstractInsnNode insn, TypedValue value1, TypedValue value2) {
        switch (insn.getOpcode()) {
            case IALOAD: case BALOAD: case CALOAD: case SALOAD:
            case IADD: case ISUB: case IMUL: case IDIV: case IREM: case ISHL: case ISHR: case IUSHR:
            case IAND: case IOR: case IXOR: case LCMP: case FCMPL: case FCMPG: case DCMPL: case DCMPG:
                return TypedValue.INT;
            case FALOAD: case FADD: case FSUB: case FMUL: case FDIV: case FREM:
                return TypedValue.FLOAT;
            case LALOAD: case LADD: case LSUB: case LMUL: case LDIV: case LREM: case LSHL: case LSHR: case LUSHR:
            case LAND: case LOR: case LXOR:
                return TypedValue.LONG;
            case DALOAD: case DADD: case DSUB: case DMUL: case DDIV: case DREM:
                return TypedValue.DOUBLE;
            case AALOAD:
                if (value1.isReference() && value1.type.getSort() == Type.ARRAY) {
                    return TypedValue.of(Type.getType(value1.type.getDescriptor().substring(1)));
                }
                return TypedValue.NULL; // AALOAD on a null array: the verifier's type is null
            default:
                return null; // compare-and-branch, PUTFIELD
        }
    }

    @Override
    public TypedValue ternaryOperation(AbstractInsnNode insn, TypedValue value1, TypedValue value2, TypedValue value3) {
        return null;
    }

    @Override
    public TypedValue naryOperation(AbstractInsnNode insn, List<? extends TypedValue> values) {
        switch (insn.getOpcode()) {
            case MULTIANEWARRAY:
                return TypedValue.reference(Type.getType(((MultiANewArrayInsnNode) insn).desc));
            case INVOKEDYNAMIC:
                return TypedValue.of(Type.getReturnType(((InvokeDynamicInsnNode) insn).desc));
            default:
                return TypedValue.of(Type.getReturnType(((MethodInsnNode) insn).desc));
        }
    }

    @Override
    public void returnOperation(AbstractInsnNode insn, TypedValue value, TypedValue expected) {
    }

    @Override
    public TypedValue merge(TypedValue value1, TypedValue value2) {
        throw new UnsupportedOperationException("the weaver never merges frames");
    }
}

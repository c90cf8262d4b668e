package dev.weft.it.fuzz;

/**
 * Where a generated method is declared, which decides how it is called and what {@code this} it has: class
 * {@code P} itself (static or instance), a static nested class {@code N}, an inner class {@code Inner} (whose
 * instance {@code IN} has an enclosing {@code P}), or interface {@code I} (default methods on the instance
 * {@code IMPL}, and static methods). At {@code --release 8} the nested owners reach P's private fields through
 * synthetic accessor methods, at 11 and later as nestmates.
 */
enum Owner {
    P_STATIC("@Async static "),
    P_INSTANCE("@Async "),
    NESTED_STATIC("@Async static "),
    INNER("@Async "),
    INTERFACE_DEFAULT("@Async default "),
    INTERFACE_STATIC("@Async static ");

    /** The modifiers of a method declared here. */
    final String modifiers;

    Owner(String modifiers) {
        this.modifiers = modifiers;
    }

    /** The class holding the methods of this owner: P, N, Inner or I. */
    String container() {
        switch (this) {
            case NESTED_STATIC: return "N";
            case INNER: return "Inner";
            case INTERFACE_DEFAULT:
            case INTERFACE_STATIC: return "I";
            default: return "P";
        }
    }

    /** How code in a method of {@code caller} calls a method declared here (the receiver, with its dot). */
    String receiver(Owner caller, Rand r) {
        switch (this) {
            case P_STATIC: return r.chance(0.2) ? "P." : "";
            case P_INSTANCE: return caller == P_INSTANCE && r.chance(0.5) ? "this." : "INST.";
            case NESTED_STATIC: return "N.";
            case INNER: return caller == INNER && r.chance(0.5) ? "this." : "IN.";
            case INTERFACE_DEFAULT: return caller == INTERFACE_DEFAULT && r.chance(0.5) ? "this." : "IMPL.";
            default: return "I.";
        }
    }

    /** An access to P's instance field {@code f} from a method declared here. */
    String fieldF(Rand r) {
        switch (this) {
            case P_INSTANCE: return r.pick("f", "this.f", "INST.f");
            case INNER: return r.pick("f", "P.this.f", "INST.f");
            default: return "INST.f";
        }
    }
}

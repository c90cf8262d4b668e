package dev.weft.transformer;

import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;

import java.util.ArrayList;

/**
 * The mark a woven class carries: the invisible annotation {@code @dev.weft.internal.Woven(format = N)}, N being
 * the {@link RuntimeNames#WEAVE_FORMAT format} of its woven code. A marker without a format is format 1.
 */
final class WovenMarker {
    private WovenMarker() {
    }

    /** The woven-code format of a class already woven (1 for a marker without one), or 0 if it is not woven. */
    static int format(ClassNode cls) {
        if (cls.invisibleAnnotations != null) {
            for (AnnotationNode a : cls.invisibleAnnotations) {
                if (RuntimeNames.WOVEN_MARKER_DESC.equals(a.desc)) {
                    if (a.values != null) {
                        for (int i = 0; i + 1 < a.values.size(); i += 2) {
                            if (RuntimeNames.WOVEN_MARKER_FORMAT.equals(a.values.get(i)) && a.values.get(i + 1) instanceof Integer) {
                                return (Integer) a.values.get(i + 1);
                            }
                        }
                    }
                    return 1;
                }
            }
        }
        return 0;
    }

    /** Marks {@code cls} as woven in this Weft's format. */
    static void mark(ClassNode cls) {
        if (cls.invisibleAnnotations == null) {
            cls.invisibleAnnotations = new ArrayList<>();
        }
        AnnotationNode marker = new AnnotationNode(RuntimeNames.WOVEN_MARKER_DESC);
        marker.visit(RuntimeNames.WOVEN_MARKER_FORMAT, RuntimeNames.WEAVE_FORMAT);
        cls.invisibleAnnotations.add(marker);
    }
}

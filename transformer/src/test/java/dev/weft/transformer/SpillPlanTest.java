package dev.weft.transformer;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.Type;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SpillPlanTest {
    private static final TypedValue STRING = TypedValue.reference(Type.getObjectType("java/lang/String"));

    @Test
    void liveLocalsAndStackValuesGetSlotsByKindDeadAndNullOnesDoNot() {
        List<TypedValue> locals = List.of(TypedValue.INT, STRING, TypedValue.LONG, TypedValue.TOP, TypedValue.NULL, STRING);
        SpillPlan plan = SpillPlan.of(locals, var -> var != 5, List.of(TypedValue.DOUBLE, TypedValue.NULL, STRING));
        assertArrayEquals(new int[] {0, 0, 1, SpillPlan.NONE, SpillPlan.NONE, SpillPlan.NONE}, plan.localSlots);
        assertArrayEquals(new int[] {2, SpillPlan.NONE, 1}, plan.stackSlots);
        assertEquals(3, plan.primSlots);
        assertEquals(2, plan.refSlots);
    }
}

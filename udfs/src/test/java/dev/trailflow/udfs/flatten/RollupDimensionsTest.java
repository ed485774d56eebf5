package dev.trailflow.udfs.flatten;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RollupDimensionsTest {

    private static String[] dims(String... first) {
        String[] v = {"AssumedRole", "111122223333", "Admin", "arn:aws:iam::111122223333:role/Admin", "Role",
            "us-east-1", "203.0.113.7", "s3.amazonaws.com", "GetObject", "Data"};
        System.arraycopy(first, 0, v, 0, first.length);
        return v;
    }

    @Test
    void sameGroupSameIdAndItIsShortAndUrlSafe() {
        String id = RollupDimensions.rollupId(1_727_472_600_000L, dims());
        assertEquals(id, RollupDimensions.rollupId(1_727_472_600_000L, dims()));
        assertEquals(43, id.length());
        assertEquals(-1, id.indexOf('/'));
        assertEquals(-1, id.indexOf('+'));
    }

    @Test
    void nullIsNotEmptyAndWindowsDiffer() {
        assertNotEquals(RollupDimensions.rollupId(0, dims((String) null)), RollupDimensions.rollupId(0, dims("")));
        assertNotEquals(RollupDimensions.rollupId(0, dims()), RollupDimensions.rollupId(300_000, dims()));
    }

    @Test
    void valuesHoldingSeparatorsOrShiftingBetweenFieldsNeverCollide() {
        // Naive joins make these equal: "a|b" + "" vs "a" + "b|"; "a" + null vs "a" + "null"; "ab"+"" vs "a"+"b".
        assertNotEquals(RollupDimensions.rollupId(0, dims("a|b", "")), RollupDimensions.rollupId(0, dims("a", "b|")));
        assertNotEquals(RollupDimensions.rollupId(0, dims("a", null)), RollupDimensions.rollupId(0, dims("a", "null")));
        assertNotEquals(RollupDimensions.rollupId(0, dims("ab", "")), RollupDimensions.rollupId(0, dims("a", "b")));
        assertNotEquals(RollupDimensions.rollupId(0, dims("a\u0000", "")), RollupDimensions.rollupId(0, dims("a", "\u0000")));
        assertNotEquals(RollupDimensions.rollupId(0, dims("\u0001\u0000\u0000\u0000\u0001a", null)),
                RollupDimensions.rollupId(0, dims("", "a")));
    }

    @Test
    void noCollisionsAcrossManyRandomGroupsOverATinyAlphabet() {
        SplittableRandom r = new SplittableRandom(1);
        String[] alphabet = {null, "", "a", "|", "a|", "|a", "\u0000", "null"};
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; i < 50_000; i++) {
            String[] v = new String[10];
            StringBuilder key = new StringBuilder();
            for (int k = 0; k < 10; k++) {
                v[k] = alphabet[r.nextInt(alphabet.length)];
                key.append(v[k] == null ? "N" : "S" + v[k].length() + ":" + v[k]).append(';');
            }
            String id = RollupDimensions.rollupId(0, v);
            String previous = seen.put(id, key.toString());
            if (previous != null) {
                assertEquals(previous, key.toString(), "two different groups share id " + id);
            }
        }
    }

    @Test
    void windowsAreAlignedToTheEpoch() {
        assertEquals(1_727_472_600_000L, RollupDimensions.windowStart(1_727_472_899_999L, 300_000));
        assertEquals(1_727_472_900_000L, RollupDimensions.windowStart(1_727_472_900_000L, 300_000));
        assertEquals(-300_000L, RollupDimensions.windowStart(-1, 300_000));
    }

    @Test
    void wrongArityIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> RollupDimensions.rollupId(0, new String[9]));
    }
}

package dev.trailflow.job.records;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class GroupKeyTest {

    @Test
    void roundTripsNullsEmptiesAndSeparators() {
        String[][] cases = {
            {null, "", "+", "-", "3:abc", "+1:x", ":", null, "", "multi\nline"},
            {null, null, null, null, null, null, null, null, null, null},
            {"", "", "", "", "", "", "", "", "", ""},
        };
        for (String[] c : cases) {
            assertArrayEquals(c, GroupKey.decode(GroupKey.encode(c)));
        }
        assertNotEquals(GroupKey.encode(cases[1]), GroupKey.encode(cases[2]));
    }
}

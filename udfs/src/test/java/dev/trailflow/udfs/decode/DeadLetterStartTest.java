package dev.trailflow.udfs.decode;

import static dev.trailflow.udfs.decode.Samples.decode;
import static dev.trailflow.udfs.decode.Samples.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * After a syntax error the dead letter starts where the decoded values stopped: every input byte ends
 * in exactly one place, never both in an event (or an earlier dead letter) and in the one for the rest.
 */
class DeadLetterStartTest {

    /**
     * Decodes {@code input} (ASCII, so chars are bytes) and checks it: the events are {@code ids}, each
     * dead letter's payload is the input at its position, no two of them and no event share a byte, and
     * the last dead letter is a syntax error holding everything from {@code restStart} to the end.
     */
    private static void check(String input, List<String> ids, int restStart) {
        List<Decoded> all = decode(input);
        assertEquals(ids, all.stream().filter(d -> d.kind() == Decoded.Kind.EVENT).map(d -> d.record().documentId)
                .collect(Collectors.toList()));
        List<int[]> taken = new ArrayList<>();
        for (String id : ids) {
            int at = input.indexOf("\"eventID\":\"" + id + "\"");
            taken.add(new int[] {input.lastIndexOf("{\"eventVersion\"", at), input.indexOf('}', at) + 1});
        }
        List<DeadLetter> dls = all.stream().filter(d -> d.kind() == Decoded.Kind.DEAD_LETTER).map(Decoded::deadLetter)
                .collect(Collectors.toList());
        assertFalse(dls.isEmpty());
        for (DeadLetter dl : dls) {
            assertTrue(dl.position.startsWith("byte "), dl.position);
            int from = Integer.parseInt(dl.position.substring("byte ".length()).split(",")[0]);
            int to = from + dl.payload.length();
            assertEquals(input.substring(from, to), dl.payload, dl.toString());
            for (int[] t : taken) {
                assertTrue(to <= t[0] || from >= t[1], dl + " overlaps bytes [" + t[0] + ", " + t[1] + ")");
            }
            taken.add(new int[] {from, to});
        }
        DeadLetter rest = dls.get(dls.size() - 1);
        assertEquals(Reason.JSON_SYNTAX.code(), rest.reason);
        assertEquals("byte " + restStart, rest.position);
        assertEquals(input.substring(restStart), rest.payload);
        assertFalse(rest.payloadTruncated);
    }

    /** Where {@code element} ends, the first time it occurs in {@code input}. */
    private static int after(String input, String element) {
        return input.indexOf(element) + element.length();
    }

    @Test
    void inATopLevelArrayTheRestStartsAfterTheLastEvent() {
        // As a real public file: pretty-printed, events from byte 21, then a syntax error further on.
        String input = "[\n                   " + event("a") + ",\n  " + event("b") + "\n  " + event("c") + "\n]\n";
        assertEquals(21, input.indexOf(event("a")));
        check(input, List.of("a", "b"), after(input, event("b")));
    }

    @Test
    void aTopLevelArrayCutAfterAnEventKeepsOnlyTheCutInTheDeadLetter() {
        String input = "[" + event("a") + ",\n" + event("b") + ",\n";
        check(input, List.of("a", "b"), after(input, event("b")));
    }

    @Test
    void inARecordsFileTheRestStartsAfterTheLastEvent() {
        String input = "{\"Records\":[" + event("a") + "," + event("b") + " x]}";
        check(input, List.of("a", "b"), after(input, event("b")));
    }

    @Test
    void aDeadLetteredElementIsNotInTheRestEither() {
        String records = "{\"Records\":[" + event("a") + ", 7 x]}";
        check(records, List.of("a"), records.indexOf(" x]}"));
        String array = "[" + event("a") + "," + event("b", "yesterday") + " x]";
        check(array, List.of("a"), after(array, event("b", "yesterday")));
    }

    @Test
    void aBrokenElementStartsItsOwnDeadLetter() {
        String broken = "{\"eventVersion\":\"1.08\",\"eventTime\": nope }";
        String input = "[" + event("a") + ",\n" + broken + "]";
        check(input, List.of("a"), input.indexOf(broken));
    }
}

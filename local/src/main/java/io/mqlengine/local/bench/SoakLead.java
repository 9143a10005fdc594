package io.mqlengine.local.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One lead of the soak's population: its anonymous id, its email when it identifies, how many events it has been
 * sent, and how many more of each scoring shape it may be sent. Each event takes one of the lead's time slots, in a
 * random order, so that its events are stamped out of order and its scoring events lie all over its time span
 * (a write that takes a lead's earliest events first then leaves scoring events behind too). Used by the one thread
 * that generates the traffic.
 */
final class SoakLead {
    /** Events of one shape are this many slots apart or more, so that no two look like a scanner's burst of clicks. */
    static final int SAME_SHAPE_GAP = 8;

    private final int index;
    private final String anonymousId;
    private final String email;
    private final int[] budget;
    private final int[] slots;
    private final List<List<Integer>> taken = new ArrayList<>();
    private int events;

    SoakLead(int index, String anonymousId, String email, int[] budget, int slotCount, Random r) {
        this.index = index;
        this.anonymousId = anonymousId;
        this.email = email;
        this.budget = budget.clone();
        for (int k = 0; k < budget.length; k++) {
            taken.add(new ArrayList<>());
        }
        slots = new int[slotCount];
        for (int i = 0; i < slotCount; i++) {
            slots[i] = i;
        }
        for (int i = slotCount - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = slots[i];
            slots[i] = slots[j];
            slots[j] = t;
        }
    }

    int index() {
        return index;
    }

    String anonymousId() {
        return anonymousId;
    }

    /** The email it identifies with, or null for a lead that stays anonymous. */
    String email() {
        return email;
    }

    /** Events it has been sent. */
    int events() {
        return events;
    }

    /** Events it may still be sent. */
    int room() {
        return slots.length - events;
    }

    /** The time slot of its next event; counts the event as sent. */
    int nextSlot() {
        return slots[events++];
    }

    /** Whether its next event may be of scoring shape {@code kind}. */
    boolean mayScore(int kind) {
        if (budget[kind] == 0) {
            return false;
        }
        int slot = slots[events];
        return taken.get(kind).stream().allMatch(s -> Math.abs(s - slot) >= SAME_SHAPE_GAP);
    }

    /** Takes one of shape {@code kind} from its budget, for its next event. */
    void score(int kind) {
        budget[kind]--;
        taken.get(kind).add(slots[events]);
    }
}

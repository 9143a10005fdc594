package io.mqlengine.service;

import io.mqlengine.identity.LeadIds;
import io.mqlengine.identity.UserIds;
import io.mqlengine.model.EventType;
import io.mqlengine.model.TrackingEvent;
import io.mqlengine.observe.Log;
import io.mqlengine.store.LeadStore;
import io.mqlengine.store.LeadKey;
import io.mqlengine.store.Stored;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Who the anonymous ids of one batch belong to, and the links the batch makes. An {@code identify} with an
 * email links its anonymous id, and the derived id of its {@code userId} ({@link UserIds}), to the email's lead,
 * moving an alias from another lead (the latest identify of an id wins). An {@code alias} joins an anonymous id
 * and a user's derived id: when one of them is a lead's, the other is linked to that lead; when neither is, each
 * lead notes the other ({@link io.mqlengine.scoring.LeadState#sameAs()}), and ids noted so follow when one of
 * them is linked later. An alias or a note never moves an id from one lead to another: two leads are never
 * merged, the case is logged and both are kept.
 *
 * <p>Reads the items it needs into the caller's map: one read for the batch, one more round only when links
 * lead to noted ids or to leads not read yet.
 *
 * <p>An erased person's tombstones ({@link Stored.Erased}) are never linked to nor from: a link to an erased lead or
 * of an erased anonymous id is not made, and {@link #erased} says which events are the erased person's, to be
 * dropped. An anonymous id an identify in this batch ties to an erased lead is the erased person's too.
 *
 * <p>At about 250 lines this stays one class: identify, alias and the notes each read and extend the one map of
 * links the others made, in an order that decides who wins, and split apart they would pass it around.
 */
final class BatchIdentity {
    /** Rounds of reads that follow noted ids from a linked one (a chain longer than this waits for a later link). */
    static final int NOTE_ROUNDS = 3;

    private static final Comparator<TrackingEvent> ORDER =
            Comparator.comparing(TrackingEvent::timestamp).thenComparing(TrackingEvent::eventId);

    /**
     * An anonymous id this batch links to {@code lead}. {@code moves}: the link came from an identify, and may
     * move the id's alias from another lead; otherwise (an alias call, a note) an id that is another lead's by
     * the time of the write is left where it is.
     */
    public record Link(String anonymousId, LeadKey lead, boolean moves) {
    }

    private final LeadIds leadIds;
    private final Map<LeadKey, Stored> stored;
    private final Set<LeadKey> read = new HashSet<>();
    private final Map<String, Link> links = new LinkedHashMap<>();
    private final Map<String, Set<String>> notes = new LinkedHashMap<>();
    private final Set<String> refused = new HashSet<>();
    private final Set<Set<LeadKey>> conflicts = new HashSet<>();
    /** Anonymous ids this batch's identifies tie to an erased lead. */
    private final Set<String> erasedIds = new HashSet<>();

    private BatchIdentity(LeadIds leadIds, Map<LeadKey, Stored> stored) {
        this.leadIds = leadIds;
        this.stored = stored;
    }

    /**
     * Resolves the batch's events, reading into {@code stored}: the first read at once, any further round only
     * while {@code inTime} says so. Null when a round was due and the batch was out of time.
     */
    public static BatchIdentity resolve(List<TrackingEvent> events, LeadIds leadIds, LeadStore store,
                                        Map<LeadKey, Stored> stored, BooleanSupplier inTime) {
        BatchIdentity b = new BatchIdentity(leadIds, stored);
        Map<String, TrackingEvent> identified = b.latestIdentifies(events);
        Set<LeadKey> keys = new LinkedHashSet<>();
        for (TrackingEvent e : events) {
            keys.add(LeadKey.anonymous(e.anonymousId()));
            if (e.userId() != null && (identifies(e) || e.type() == EventType.ALIAS)) {
                keys.add(LeadKey.anonymous(UserIds.anonymousIdFor(e.userId())));
            }
            if (identifies(e)) {
                keys.add(LeadKey.lead(leadIds.forEmail(e.email())));
            }
        }
        b.read(store, keys);
        identified.forEach((anon, e) -> b.links.put(anon,
                new Link(anon, LeadKey.lead(leadIds.forEmail(e.email())), true)));
        b.applyAliases(events);
        if (!b.followNotes(store, inTime)) {
            return null;
        }
        Set<LeadKey> targets = new LinkedHashSet<>();
        for (TrackingEvent e : events) {
            b.leadsOf(e).stream().filter(k -> !k.anonymous()).forEach(targets::add);
        }
        targets.removeAll(b.read);
        if (!targets.isEmpty()) {
            if (!inTime.getAsBoolean()) {
                return null;
            }
            b.read(store, targets);
        }
        b.refuseErased();
        b.conflicts.forEach(pair -> Log.event("identity.two-leads-kept-apart",
                Map.of("leadIds", pair.stream().map(LeadKey::id).sorted().toList())));
        return b;
    }

    /**
     * True for an event of an erased person, never to be applied: its lead, its anonymous id (or an alias call's
     * other id) is a tombstone, or an identify in this batch tied its anonymous id to an erased lead.
     */
    public boolean erased(TrackingEvent e) {
        if (erasedIds.contains(e.anonymousId()) || isErased(LeadKey.anonymous(e.anonymousId()))) {
            return true;
        }
        if (e.userId() != null && (identifies(e) || e.type() == EventType.ALIAS)
                && isErased(LeadKey.anonymous(UserIds.anonymousIdFor(e.userId())))) {
            return true;
        }
        return leadsOf(e).stream().anyMatch(this::isErased);
    }

    private boolean isErased(LeadKey key) {
        return stored.get(key) instanceof Stored.Erased;
    }

    /** Drops the links and notes that would tie anything to a tombstone, remembering the ids tied to an erased lead. */
    private void refuseErased() {
        links.values().removeIf(l -> {
            if (isErased(l.lead())) {
                erasedIds.add(l.anonymousId());
                return true;
            }
            return isErased(LeadKey.anonymous(l.anonymousId()));
        });
        notes.keySet().removeIf(id -> isErased(LeadKey.anonymous(id)));
        notes.values().forEach(ids -> ids.removeIf(id -> isErased(LeadKey.anonymous(id))));
        notes.values().removeIf(Set::isEmpty);
    }

    /** The lead an anonymous id's events score on: the lead it is linked to, or its own. */
    public LeadKey target(String anonymousId) {
        LeadKey lead = leadOf(anonymousId);
        return lead != null ? lead : LeadKey.anonymous(anonymousId);
    }

    /**
     * The leads whose write an event belongs to: an identify with an email, its email's lead (two people
     * identifying on one browser in one batch never share traits); an alias, the leads of both its ids (it
     * is written on both when they note each other); any other event, its anonymous id's lead.
     */
    public Set<LeadKey> leadsOf(TrackingEvent e) {
        if (identifies(e)) {
            return Set.of(LeadKey.lead(leadIds.forEmail(e.email())));
        }
        Set<LeadKey> out = new LinkedHashSet<>();
        out.add(target(e.anonymousId()));
        if (e.type() == EventType.ALIAS && e.userId() != null) {
            out.add(target(UserIds.anonymousIdFor(e.userId())));
        }
        return out;
    }

    /** The ids this batch links to {@code lead}. */
    public List<Link> linksTo(LeadKey lead) {
        return links.values().stream().filter(l -> l.lead().equals(lead)).toList();
    }

    /** The ids an anonymous lead is to note as the same person (empty for a lead or when there are none). */
    public Set<String> notesFor(LeadKey key) {
        return key.anonymous() ? notes.getOrDefault(key.id(), Set.of()) : Set.of();
    }

    private static boolean identifies(TrackingEvent e) {
        return e.type() == EventType.IDENTIFY && e.email() != null;
    }

    /** The latest identify with an email of each id it names: its anonymous id and its user's derived id. */
    private Map<String, TrackingEvent> latestIdentifies(List<TrackingEvent> events) {
        Map<String, TrackingEvent> latest = new LinkedHashMap<>();
        for (TrackingEvent e : events) {
            if (identifies(e)) {
                latest.merge(e.anonymousId(), e, BatchIdentity::later);
                if (e.userId() != null) {
                    latest.merge(UserIds.anonymousIdFor(e.userId()), e, BatchIdentity::later);
                }
            }
        }
        return latest;
    }

    private static TrackingEvent later(TrackingEvent a, TrackingEvent b) {
        return ORDER.compare(a, b) >= 0 ? a : b;
    }

    /** Links or notes the two ids of every alias, again while a link made by one lets another link. */
    private void applyAliases(List<TrackingEvent> events) {
        List<TrackingEvent> aliases = new ArrayList<>();
        for (TrackingEvent e : events) {
            if (e.type() == EventType.ALIAS && e.userId() != null
                    && !UserIds.anonymousIdFor(e.userId()).equals(e.anonymousId())) {
                aliases.add(e);
            }
        }
        aliases.sort(ORDER);
        boolean linked = true;
        for (int pass = 0; linked && pass <= aliases.size(); pass++) {
            linked = false;
            for (TrackingEvent e : aliases) {
                String a = e.anonymousId();
                String d = UserIds.anonymousIdFor(e.userId());
                LeadKey leadOfA = leadOf(a);
                LeadKey leadOfD = leadOf(d);
                if (leadOfA != null && leadOfD != null) {
                    if (!leadOfA.equals(leadOfD)) {
                        conflicts.add(Set.of(leadOfA, leadOfD));
                    }
                } else if (leadOfD != null) {
                    linked |= links.putIfAbsent(a, new Link(a, leadOfD, false)) == null;
                } else if (leadOfA != null) {
                    linked |= links.putIfAbsent(d, new Link(d, leadOfA, false)) == null;
                } else {
                    notes.computeIfAbsent(a, k -> new LinkedHashSet<>()).add(d);
                    notes.computeIfAbsent(d, k -> new LinkedHashSet<>()).add(a);
                }
            }
        }
    }

    /**
     * Links the ids noted as the same person as a linked id (in the store or by this batch's aliases) to its
     * lead, reading them first; false when a round was due and the batch was out of time.
     */
    private boolean followNotes(LeadStore store, BooleanSupplier inTime) {
        for (int round = 0; round < NOTE_ROUNDS; round++) {
            Map<String, LeadKey> found = new LinkedHashMap<>();
            for (Link link : List.copyOf(links.values())) {
                for (String other : sameAs(link.anonymousId())) {
                    if (!links.containsKey(other) && !refused.contains(other)) {
                        found.putIfAbsent(other, link.lead());
                    }
                }
            }
            if (found.isEmpty()) {
                return true;
            }
            Set<LeadKey> unread = new LinkedHashSet<>();
            found.keySet().forEach(id -> unread.add(LeadKey.anonymous(id)));
            unread.removeAll(read);
            if (!unread.isEmpty()) {
                if (!inTime.getAsBoolean()) {
                    return false;
                }
                read(store, unread);
            }
            found.forEach((id, lead) -> {
                LeadKey other = storedLead(id);
                if (isErased(LeadKey.anonymous(id))) {
                    refused.add(id);
                } else if (other == null || other.equals(lead)) {
                    links.put(id, new Link(id, lead, false));
                } else {
                    refused.add(id);
                    conflicts.add(Set.of(lead, other));
                }
            });
        }
        return true;
    }

    /** Ids noted as the same person as {@code id}: on its stored lead, and by this batch's aliases. */
    private Set<String> sameAs(String id) {
        Set<String> out = new LinkedHashSet<>();
        if (stored.get(LeadKey.anonymous(id)) instanceof Stored.Lead p) {
            out.addAll(p.state().sameAs());
        }
        out.addAll(notes.getOrDefault(id, Set.of()));
        return out;
    }

    private LeadKey leadOf(String anonymousId) {
        Link link = links.get(anonymousId);
        return link != null ? link.lead() : storedLead(anonymousId);
    }

    private LeadKey storedLead(String anonymousId) {
        return stored.get(LeadKey.anonymous(anonymousId)) instanceof Stored.Alias alias
                ? LeadKey.lead(alias.leadId()) : null;
    }

    private void read(LeadStore store, Set<LeadKey> keys) {
        stored.putAll(store.load(keys, false));
        read.addAll(keys);
    }
}

package io.mqlengine.service;

import io.mqlengine.identity.LeadIds;
import io.mqlengine.model.SalesOutcome;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.scoring.SalesOutcomes;
import io.mqlengine.store.LeadKey;
import io.mqlengine.store.LeadStore;
import io.mqlengine.store.VersionConflictException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies a batch of sales outcomes, whichever way they came (the outcomes queue, the webhook): groups them by lead,
 * reads each lead consistently, has {@link SalesOutcomes} decide, and writes the lead once, conditional on the version
 * read (retried on a fresh read when another writer got there first). An outcome for a handoff that a later
 * qualification replaced is refused before it reaches the lead. Refused outcomes are not errors: they are logged by
 * the caller and kept on the lead when it exists; only a lead that could not be written fails its messages.
 */
public final class OutcomeService {
    /** Conflicting writes of one lead are retried this many times before its messages fail (SQS then retries). */
    static final int ATTEMPTS = 8;

    private final LeadStore store;
    private final SalesOutcomes rules;
    private final LeadIds leadIds;
    private final Clock clock;

    public OutcomeService(LeadStore store, SalesOutcomes rules, LeadIds leadIds, Clock clock) {
        this.store = store;
        this.rules = rules;
        this.leadIds = leadIds;
        this.clock = clock;
    }

    /** One outcome from one queue message. */
    public record Item(String messageId, SalesOutcome outcome) {
    }

    /** An outcome and what became of it ({@code verdict.status()} and {@code verdict.note()}), on lead {@code leadId}. */
    public record Decided(String messageId, String leadId, LeadState.Verdict verdict, boolean duplicate) {
    }

    /** What the batch did: every outcome's verdict, the leads written, and the messages that must be retried. */
    public record Result(List<Decided> decided, int leadsWritten, Set<String> failedMessageIds, List<String> errors) {
        public long count(LeadState.Verdict.Status status) {
            return decided.stream().filter(d -> !d.duplicate() && d.verdict().status() == status).count();
        }

        public long duplicates() {
            return decided.stream().filter(Decided::duplicate).count();
        }
    }

    public Result apply(List<Item> items) {
        Instant now = clock.instant();
        Map<LeadKey, List<Item>> byLead = new LinkedHashMap<>();
        for (Item i : items) {
            byLead.computeIfAbsent(LeadKey.lead(leadId(i.outcome().target())), k -> new ArrayList<>()).add(i);
        }
        List<Decided> decided = new ArrayList<>();
        Set<String> failed = new HashSet<>();
        List<String> errors = new ArrayList<>();
        int written = 0;
        for (Map.Entry<LeadKey, List<Item>> e : byLead.entrySet()) {
            try {
                written += applyToLead(e.getKey(), e.getValue(), now, decided) ? 1 : 0;
            } catch (RuntimeException ex) {
                e.getValue().forEach(i -> failed.add(i.messageId()));
                errors.add("lead " + e.getKey().id() + ": " + ex);
            }
        }
        return new Result(List.copyOf(decided), written, failed, List.copyOf(errors));
    }

    /** Decides and writes one lead's outcomes; true when the lead was written. */
    private boolean applyToLead(LeadKey key, List<Item> items, Instant now, List<Decided> out) {
        for (int attempt = 1; ; attempt++) {
            LeadState lead = store.get(key);
            if (lead == null) {
                lead = LeadState.fresh(key.id(), false, rules.model());
            }
            List<Item> fit = new ArrayList<>();
            List<Decided> decided = new ArrayList<>();
            for (Item i : items) {
                String superseded = superseded(i.outcome().target(), lead);
                if (superseded != null) {
                    decided.add(new Decided(i.messageId(), key.id(), refused(i.outcome(), superseded), false));
                } else {
                    fit.add(i);
                }
            }
            Set<String> known = new HashSet<>();
            lead.outcomes().forEach(v -> known.add(v.outcomeId()));
            SalesOutcomes.Applied applied = rules.apply(lead, fit.stream().map(Item::outcome).toList(), now);
            for (int n = 0; n < fit.size(); n++) {
                decided.add(new Decided(fit.get(n).messageId(), key.id(), applied.verdicts().get(n),
                        known.contains(fit.get(n).outcome().outcomeId())));
            }
            if (applied.outcome().unchanged()) {
                out.addAll(decided);
                return false;
            }
            try {
                store.write(key, applied.outcome(), List.of(), now);
                out.addAll(decided);
                return true;
            } catch (VersionConflictException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** Why an outcome naming a handoff no longer applies (a later qualification replaced it), or null. */
    private static String superseded(SalesOutcome.Target target, LeadState lead) {
        if (target.handoffId() == null || lead.isNew()) {
            return null;
        }
        int qualification = Integer.parseInt(target.handoffId().substring(target.handoffId().lastIndexOf('#') + 1));
        if (qualification > lead.qualifications()) {
            return "no handoff #" + qualification + " for this lead (it has qualified " + lead.qualifications() + " times)";
        }
        if (qualification < lead.qualifications()) {
            return "handoff #" + qualification + " was replaced by #" + lead.qualifications()
                    + ": the lead qualified again since";
        }
        return null;
    }

    private static LeadState.Verdict refused(SalesOutcome o, String why) {
        return new LeadState.Verdict(o.outcomeId(), o.outcome(), o.at(), o.reason(), o.by(),
                LeadState.Verdict.Status.REFUSED, why);
    }

    private String leadId(SalesOutcome.Target t) {
        if (t.leadId() != null) {
            return t.leadId();
        }
        if (t.email() != null) {
            return leadIds.forEmail(t.email());
        }
        return t.handoffId().substring(0, t.handoffId().lastIndexOf('#'));
    }
}

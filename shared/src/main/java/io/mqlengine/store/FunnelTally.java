package io.mqlengine.store;

import io.mqlengine.scoring.LeadState;
import io.mqlengine.scoring.SeenIds;
import io.mqlengine.scoring.Transition;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What one write of a known lead adds to the funnel, read from its stream record's old and new images: a new lead
 * (the item's insert), each stage change the new image's history holds and the old one's does not, and a newly
 * missed accept SLA. All of it counts on one UTC {@code day} (the latest time among them), so a write costs at most
 * one counter update, and {@code fingerprint} names the write (lead, item creation and version): the counter item
 * keeps the fingerprints it applied, so a stream retry of the record adds nothing.
 *
 * <p>The counter names are short (they are attribute names of the counter item, see {@link FunnelCounters}):
 * {@value #LEADS}, {@value #MQLS}, {@value #SALS}, {@value #SQLS}, {@value #CUSTOMERS}, {@value #DISQUALIFIED},
 * {@value #SLA_MISSED}, and per value {@value #RECYCLED}{@code <reason>}, {@value #BY_CAUSE}{@code <cause>},
 * {@value #BY_CAMPAIGN}{@code <first-touch campaign>}, {@value #TO_MQL}{@code <bucket>} and
 * {@value #TO_ACCEPT}{@code <bucket>} (histograms of the time to MQL and to acceptance, {@link Histogram}).
 */
public record FunnelTally(LocalDate day, long fingerprint, Map<String, Long> counts) {
    public static final String LEADS = "nl";
    public static final String MQLS = "mq";
    public static final String SALS = "sa";
    public static final String SQLS = "sq";
    public static final String CUSTOMERS = "cu";
    public static final String DISQUALIFIED = "dq";
    public static final String SLA_MISSED = "sl";
    public static final String RECYCLED = "rc#";
    public static final String BY_CAUSE = "mc#";
    public static final String BY_CAMPAIGN = "mk#";
    public static final String TO_MQL = "tm#";
    public static final String TO_ACCEPT = "ta#";
    /** The campaign of an MQL whose lead has no first touch with a campaign. */
    public static final String NO_CAMPAIGN = "(none)";

    public FunnelTally {
        counts = Map.copyOf(counts);
    }

    /** The tally of the write from {@code oldImage} (null for an insert) to {@code newImage}; empty when it adds nothing. */
    public static Optional<FunnelTally> of(Map<String, AttributeValue> oldImage, Map<String, AttributeValue> newImage) {
        if (newImage == null || !newImage.containsKey(LeadAttributes.PK)
                || !(LeadItems.read(newImage) instanceof Stored.Lead n) || n.state().anonymous()) {
            return Optional.empty();
        }
        LeadState before = oldImage != null && oldImage.containsKey(LeadAttributes.PK)
                && LeadItems.read(oldImage) instanceof Stored.Lead o ? o.state() : null;
        return between(before, n.state());
    }

    /** The tally of the write from {@code before} (null when the write created the lead) to {@code after}. */
    public static Optional<FunnelTally> between(LeadState before, LeadState after) {
        Map<String, Long> counts = new TreeMap<>();
        Instant latest = null;
        if (before == null) {
            counts.put(LEADS, 1L);
            latest = after.createdAt() != null ? after.createdAt() : after.lastSeen();
        }
        for (Transition t : after.history()) {
            if (before != null && before.history().contains(t)) {
                continue;
            }
            count(t, after, counts);
            latest = latest == null || t.at().isAfter(latest) ? t.at() : latest;
        }
        if (after.slaMissedAt() != null && (before == null || !after.slaMissedAt().equals(before.slaMissedAt()))) {
            counts.merge(SLA_MISSED, 1L, Long::sum);
            latest = latest == null || after.slaMissedAt().isAfter(latest) ? after.slaMissedAt() : latest;
        }
        if (counts.isEmpty() || latest == null) {
            return Optional.empty();
        }
        String created = after.createdAt() == null ? "" : String.valueOf(after.createdAt().toEpochMilli());
        long fingerprint = SeenIds.fingerprint(LeadKey.lead(after.id()).pk() + "#" + created + "#" + after.version());
        return Optional.of(new FunnelTally(LocalDate.ofInstant(latest, ZoneOffset.UTC), fingerprint, counts));
    }

    private static void count(Transition t, LeadState lead, Map<String, Long> counts) {
        switch (t.to()) {
            case MQL -> {
                counts.merge(MQLS, 1L, Long::sum);
                counts.merge(BY_CAUSE + t.reason(), 1L, Long::sum);
                String campaign = lead.firstTouch() == null || lead.firstTouch().campaign() == null ? NO_CAMPAIGN
                        : lead.firstTouch().campaign();
                counts.merge(BY_CAMPAIGN + campaign, 1L, Long::sum);
                Instant born = lead.createdAt() != null ? lead.createdAt() : lead.firstSeen();
                if (born != null && !t.at().isBefore(born)) {
                    counts.merge(TO_MQL + Histogram.bucket(Duration.between(born, t.at())), 1L, Long::sum);
                }
            }
            case SAL -> {
                counts.merge(SALS, 1L, Long::sum);
                if (lead.qualifiedAt() != null && !t.at().isBefore(lead.qualifiedAt())) {
                    counts.merge(TO_ACCEPT + Histogram.bucket(Duration.between(lead.qualifiedAt(), t.at())), 1L,
                            Long::sum);
                }
            }
            case SQL -> counts.merge(SQLS, 1L, Long::sum);
            case CUSTOMER -> counts.merge(CUSTOMERS, 1L, Long::sum);
            case DISQUALIFIED -> counts.merge(DISQUALIFIED, 1L, Long::sum);
            case RECYCLED -> counts.merge(RECYCLED + recycleReason(t.reason()), 1L, Long::sum);
            default -> {
                // a return from archive or disqualification, or an archive: not a funnel step
            }
        }
    }

    /** {@code outcome:rejected} is {@code rejected}, {@code score-decayed} is {@code decayed}. */
    static String recycleReason(String cause) {
        if (cause.startsWith("outcome:")) {
            return cause.substring("outcome:".length());
        }
        return "score-decayed".equals(cause) ? "decayed" : cause;
    }

    /** The number of changes this write counts (leads, stage changes, missed SLAs), histograms left out. */
    public int steps() {
        long n = 0;
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            String k = e.getKey();
            if (!k.startsWith(BY_CAUSE) && !k.startsWith(BY_CAMPAIGN) && !k.startsWith(TO_MQL) && !k.startsWith(TO_ACCEPT)) {
                n += e.getValue();
            }
        }
        return (int) n;
    }

    /**
     * Log-scale buckets of a duration, for medians from counts alone: bucket 0 holds less than a minute, bucket
     * {@code b > 0} holds {@code [1.25^(b-1), 1.25^b)} minutes, so an estimate is within about 12% of the truth.
     */
    public static final class Histogram {
        private static final double BASE = 1.25;

        private Histogram() {
        }

        public static int bucket(Duration d) {
            double minutes = d.toMillis() / 60_000.0;
            return minutes < 1 ? 0 : 1 + (int) Math.floor(Math.log(minutes) / Math.log(BASE));
        }

        /** A bucket's representative value in hours: the geometric middle of its range (30 s for bucket 0). */
        public static double hours(int bucket) {
            double minutes = bucket == 0 ? 0.5 : Math.pow(BASE, bucket - 0.5);
            return minutes / 60.0;
        }

        /** The median, in hours, of the values counted per bucket; null when there are none. */
        public static Double median(Map<Integer, Long> perBucket) {
            long n = perBucket.values().stream().mapToLong(Long::longValue).sum();
            if (n == 0) {
                return null;
            }
            return (valueAtRank(perBucket, (n + 1) / 2) + valueAtRank(perBucket, n / 2 + 1)) / 2;
        }

        private static double valueAtRank(Map<Integer, Long> perBucket, long rank) {
            long seen = 0;
            for (Map.Entry<Integer, Long> e : new TreeMap<>(perBucket).entrySet()) {
                seen += e.getValue();
                if (seen >= rank) {
                    return hours(e.getKey());
                }
            }
            throw new IllegalStateException("rank " + rank + " beyond the counts");
        }
    }
}

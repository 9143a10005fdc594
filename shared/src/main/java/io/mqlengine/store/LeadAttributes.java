package io.mqlengine.store;

/**
 * Every attribute name of the lead table, the legend of its item format. Short names keep a lead item near
 * 1 KB, one write unit. Only the store's codec ({@link LeadItems}, {@link LeadItemValues}, {@link LeadUpdate})
 * and {@link DynamoLeadStore} spell them; template.yaml repeats {@link #PK}, {@link #REVIEW_SHARD},
 * {@link #REVIEW_AT}, {@link #EXPIRES_AT}, {@link #STAGE} and {@link #HANDOFF_PENDING}, and a template test ties
 * those to these constants.
 *
 * <p>A lead item ({@code LEAD#id} or {@code ANON#id}):
 * <ul>
 * <li>{@code pk} the key, {@code v} version (every lead write is conditional on it)</li>
 * <li>{@code st} stage, {@code stAt} when it last changed (epoch ms)</li>
 * <li>{@code e<era>} score sums per era ({@code en<era>} for negative eras), {@code hl} their half-life in
 * seconds</li>
 * <li>{@code r} per rule: contribution [points, count, last at] and, for a capped rule, cap window
 * [start, count]</li>
 * <li>{@code sn} the event ids applied within the dedupe horizon ({@code SeenIds}: per day, a header and 8-byte
 * fingerprints)</li>
 * <li>{@code tr} traits, a map with short keys: {@code em} email, {@code fn}/{@code ln} first and last name,
 * {@code ti} title, {@code co} company, {@code cs} company size, {@code in} industry, {@code ct} country</li>
 * <li>{@code gr} grade, {@code fs}/{@code ls} first and last seen</li>
 * <li>{@code qn}/{@code qAt}/{@code qBy} number of qualifications, the last one's time and rule</li>
 * <li>{@code hp} a qualification waiting for handoff (its number; the stream filter selects on it), {@code ho}
 * the last qualification handed off</li>
 * <li>{@code dq} disqualifier, {@code hr} the last hand-raise [rule, at], {@code bot} the bot flag [reason, since],
 * {@code ck} the last clicks of the burst event [at, {rule: points}]</li>
 * <li>{@code ma} merged anonymous ids, {@code sa} (anonymous leads) ids an alias said are the same person</li>
 * <li>{@code mv} model version</li>
 * <li>{@code hs} the latest stage changes ({@code FROM|TO|at|cause[|note]}), {@code oc} the latest sales outcomes and
 * their verdicts, {@code ft}/{@code lt} the first and last touch (UTM source, medium, campaign and the referrer's host),
 * {@code cAt} when the item was created, {@code slaM} when the current qualification missed its accept SLA, {@code lc} present on an image
 * whose write changed the stage or missed the SLA (the lifecycle function's stream filter selects on it)</li>
 * <li>{@code reviewAt} (epoch seconds) and {@code rs} (its shard) the sparse review index, {@code expiresAt}
 * the TTL (epoch seconds) of an archived or disqualified anonymous lead</li>
 * </ul>
 * An alias item ({@code ANON#id}) holds {@code pk}, {@code to} (the lead id) and {@code v}. An overflow item
 * ({@code SEEN#<lead item's pk>#<day>}, busy leads only) holds {@code f}, a binary set of the 8-byte fingerprints
 * a lead applied on that day that no longer fit its item, and {@code expiresAt}. A tombstone (an erased lead's
 * {@code LEAD#id}, or one of its aliases' {@code ANON#id}) holds only {@code pk}, {@code erasedAt} and
 * {@code expiresAt} (epoch seconds, the table's TTL). A funnel counter item ({@code FUNNEL#<day>#<bucket>},
 * see {@code FunnelCounters}) holds a day's counts; a funnel marker item ({@code FUNNEL#<day>#<bucket>#<hex>}) holds
 * only {@code pk} and {@code expiresAt}. Times are epoch
 * milliseconds unless said otherwise.
 */
public final class LeadAttributes {
    public static final String PK = "pk";
    public static final String VERSION = "v";
    public static final String STAGE = "st";
    public static final String STAGE_CHANGED_AT = "stAt";
    /** Prefix of a non-negative era's score sum: {@code e<era>}. */
    public static final String ERA_PREFIX = "e";
    /** Prefix of a negative era's score sum: {@code en<-era>}. */
    public static final String NEGATIVE_ERA_PREFIX = "en";
    public static final String HALF_LIFE = "hl";
    public static final String RULES = "r";
    public static final String SEEN_IDS = "sn";
    public static final String TRAITS = "tr";
    public static final String GRADE = "gr";
    public static final String FIRST_SEEN = "fs";
    public static final String LAST_SEEN = "ls";
    public static final String QUALIFICATIONS = "qn";
    public static final String QUALIFIED_AT = "qAt";
    public static final String QUALIFIED_BY = "qBy";
    public static final String HANDOFF_PENDING = "hp";
    public static final String HANDED_OFF = "ho";
    public static final String DISQUALIFIED_BY = "dq";
    public static final String HAND_RAISE = "hr";
    public static final String BOT = "bot";
    public static final String CLICKS = "ck";
    public static final String MERGED_ANONYMOUS_IDS = "ma";
    public static final String SAME_AS = "sa";
    public static final String MODEL_VERSION = "mv";
    public static final String HISTORY = "hs";
    public static final String OUTCOMES = "oc";
    public static final String SLA_MISSED_AT = "slaM";
    /** The first and the last marketing touch: {@code source|medium|campaign|referrerHost|at} ({@link LeadItemValues#touch}). */
    public static final String FIRST_TOUCH = "ft";
    public static final String LAST_TOUCH = "lt";
    /** When the item was created (epoch ms). */
    public static final String CREATED_AT = "cAt";
    /** Set (to the version) on a write that announces lifecycle events, removed by any other: the stream filter's mark. */
    public static final String ANNOUNCES = "lc";
    public static final String REVIEW_AT = "reviewAt";
    public static final String REVIEW_SHARD = "rs";
    public static final String EXPIRES_AT = "expiresAt";
    /** On an overflow item: the fingerprints (a binary set). */
    public static final String OVERFLOW_IDS = "f";
    /** On a tombstone, and only there: when the person was erased (epoch ms). */
    public static final String ERASED_AT = "erasedAt";
    /** On an alias item: the lead id the anonymous id points to. */
    public static final String ALIAS_TO = "to";

    /** Keys inside {@link #TRAITS}. */
    public static final String TRAIT_EMAIL = "em";
    public static final String TRAIT_FIRST_NAME = "fn";
    public static final String TRAIT_LAST_NAME = "ln";
    public static final String TRAIT_TITLE = "ti";
    public static final String TRAIT_COMPANY = "co";
    public static final String TRAIT_COMPANY_SIZE = "cs";
    public static final String TRAIT_INDUSTRY = "in";
    public static final String TRAIT_COUNTRY = "ct";

    private LeadAttributes() {
    }
}

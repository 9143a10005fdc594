package io.mqlengine.scoring;

import io.mqlengine.model.Emails;
import io.mqlengine.model.Grade;
import io.mqlengine.model.Traits;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Grades a lead's fit from its traits, and says which fit rules matched. */
public final class FitGrader {
    private final ScoringModel model;

    public FitGrader(ScoringModel model) {
        this.model = model;
    }

    /** A fit rule that matched, with its points. */
    public record FitReason(String ruleId, String description, double points) {
    }

    /** The grade and the fit score behind it. */
    public record Fit(Grade grade, double score, List<FitReason> reasons) {
    }

    public Fit grade(Traits traits) {
        Map<String, Object> fields = fields(traits);
        double score = 0;
        List<FitReason> reasons = new ArrayList<>();
        for (ScoringModel.FitRule rule : model.fit().rules()) {
            if (rule.when().test().test(fields.get(rule.when().field()))) {
                score += rule.points();
                reasons.add(new FitReason(rule.id(), rule.description(), rule.points()));
            }
        }
        return new Fit(model.fit().grade(score), score, List.copyOf(reasons));
    }

    /** The fit disqualifier that applies to these traits, or null. */
    public ScoringModel.Disqualifier disqualifier(Traits traits) {
        Map<String, Object> fields = fields(traits);
        for (ScoringModel.Disqualifier d : model.disqualifiers()) {
            if (d.fit() != null && d.fit().test().test(fields.get(d.fit().field()))) {
                return d;
            }
        }
        return null;
    }

    /** Values of the fit fields: the traits plus the email's domain and its class. */
    public Map<String, Object> fields(Traits traits) {
        Map<String, Object> fields = new HashMap<>(traits.asMap());
        if (traits.email() != null) {
            String domain = Emails.domain(Emails.normalise(traits.email()));
            fields.put("emailDomain", domain);
            fields.put("emailDomainClass", model.emailDomains().classify(domain));
        }
        return fields;
    }
}

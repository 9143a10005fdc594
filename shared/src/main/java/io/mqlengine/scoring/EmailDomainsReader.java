package io.mqlengine.scoring;

import io.mqlengine.json.JsonObjectReader;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Reads the model's {@code emailDomains} section: the free, disposable and competitor domain lists. */
final class EmailDomainsReader {

    private EmailDomainsReader() {
    }

    static ScoringModel.EmailDomains read(JsonObjectReader e) {
        if (e == null) {
            return new ScoringModel.EmailDomains(Set.of(), Set.of(), Set.of());
        }
        e.onlyFields(Set.of("free", "disposable", "competitor"));
        return new ScoringModel.EmailDomains(domainSet(e, "free"), domainSet(e, "disposable"), domainSet(e, "competitor"));
    }

    private static Set<String> domainSet(JsonObjectReader e, String field) {
        Set<String> out = new HashSet<>();
        List<String> list = e.strings(field, false);
        for (int i = 0; i < list.size(); i++) {
            String domain = list.get(i).toLowerCase(Locale.ROOT);
            if (!domain.matches("[a-z0-9.-]+\\.[a-z0-9-]+")) {
                e.problem(field, i, "is not a domain name: '" + list.get(i) + "'");
            }
            out.add(domain);
        }
        return Set.copyOf(out);
    }
}

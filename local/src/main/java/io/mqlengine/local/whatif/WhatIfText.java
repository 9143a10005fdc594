package io.mqlengine.local.whatif;

import io.mqlengine.service.WhatIfReport;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** The what-if report as text for a terminal: tables in Markdown, as {@code explain} prints them. */
final class WhatIfText {
    private WhatIfText() {
    }

    static void print(WhatIfReport r, PrintStream out) {
        out.printf(Locale.ROOT, "%d events (%d duplicates dropped), %d known leads, %s to %s; replayed in %d ms%n%n",
                r.events(), r.duplicates(), r.leads(), r.from(), r.to(), r.ms());
        out.println("| week (Monday) | MQLs live | MQLs candidate |");
        out.println("|---|---|---|");
        for (int i = 0; i < r.live().mqlsPerWeek().size(); i++) {
            WhatIfReport.Week l = r.live().mqlsPerWeek().get(i);
            out.printf("| %s | %d | %d |%n", l.week(), l.mqls(), r.candidate().mqlsPerWeek().get(i).mqls());
        }
        out.printf("| total | %d | %d |%n%n", r.live().mqls(), r.candidate().mqls());
        only("Qualified by the live model only", r.onlyLive(), out);
        only("Qualified by the candidate only", r.onlyCandidate(), out);
        shifts("Qualified earlier by the candidate", r.earlier(), out);
        shifts("Qualified later by the candidate", r.later(), out);
        out.printf("Qualified by both: %d leads%n", r.qualifiedByBoth());
        WhatIfReport.Outcomes o = r.outcomes();
        if (o == null) {
            out.println("Sales outcomes: none given (--outcomes FILE)");
            return;
        }
        out.println();
        out.println("| against sales outcomes | live | candidate |");
        out.println("|---|---|---|");
        out.printf("| won leads qualified before the win (of %d won) | %d | %d |%n", o.won(), o.wonQualifiedLive(),
                o.wonQualifiedCandidate());
        out.printf("| median days from MQL to win | %s | %s |%n", days(o.medianDaysBeforeWinLive()),
                days(o.medianDaysBeforeWinCandidate()));
        out.printf("| rejected leads qualified (of %d rejected) | %d | %d |%n", o.rejected(), o.rejectedQualifiedLive(),
                o.rejectedQualifiedCandidate());
        if (o.unknown() > 0) {
            out.printf("%d outcomes name a lead the archive never identified.%n", o.unknown());
        }
    }

    private static void only(String title, List<WhatIfReport.Only> list, PrintStream out) {
        out.printf("%s: %d%n", title, list.size());
        for (WhatIfReport.Only o : list) {
            out.printf("- %s (%s) at %s: %s%n", o.email(), o.leadId(), o.qualifiedAt(), o.why());
        }
        out.println();
    }

    private static void shifts(String title, List<WhatIfReport.Shift> list, PrintStream out) {
        out.printf("%s: %d%n", title, list.size());
        for (WhatIfReport.Shift s : list) {
            out.printf(Locale.ROOT, "- %s: %s instead of %s (%.2f h)%n", s.email(), s.candidateAt(), s.liveAt(),
                    Math.abs(s.hoursEarlier()));
        }
        out.println();
    }

    private static String days(Double d) {
        return d == null ? "-" : String.format(Locale.ROOT, "%.1f", d);
    }
}
